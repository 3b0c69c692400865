// Dedicated loops for the hottest ops on unit-stride rows with no dtype conversion. A shared loop
// that calls an op function per element runs several times slower once V8 has seen many ops there;
// one loop per op keeps each call site monomorphic. Returns false when it has no loop for the op.
import type { BinaryOp, UnaryOp } from '@x/tensor';

type Arr = Float32Array | Float64Array | Int32Array | Uint8Array;

export function unaryRow(op: UnaryOp, x: Arr, i: number, y: Arr, o: number, n: number): boolean {
  const end = o + n;
  switch (op) {
    case 'relu':
      for (; o < end; i++, o++) {
        const v = x[i]!;
        y[o] = v > 0 ? v : v !== v ? v : 0;
      }
      return true;
    case 'neg':
      for (; o < end; i++, o++) y[o] = -x[i]!;
      return true;
    case 'abs':
      for (; o < end; i++, o++) y[o] = Math.abs(x[i]!);
      return true;
    case 'exp':
      for (; o < end; i++, o++) y[o] = Math.exp(x[i]!);
      return true;
    case 'log':
      for (; o < end; i++, o++) y[o] = Math.log(x[i]!);
      return true;
    case 'sqrt':
      for (; o < end; i++, o++) y[o] = Math.sqrt(x[i]!);
      return true;
    case 'tanh':
      for (; o < end; i++, o++) y[o] = Math.tanh(x[i]!);
      return true;
    case 'sigmoid':
      for (; o < end; i++, o++) {
        const v = x[i]!;
        // Both branches avoid exp overflow; exp(-|v|) is shared.
        const e = Math.exp(v >= 0 ? -v : v);
        y[o] = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      }
      return true;
    default:
      return false;
  }
}

/** b is a row of a typed array with step `sb` (0 for a broadcast value or a scalar). */
export function binaryRow(op: BinaryOp, a: Arr, i: number, sa: number, b: Arr, j: number, sb: number, y: Arr, o: number, n: number): boolean {
  const end = o + n;
  if (sa === 1 && sb === 1) {
    switch (op) {
      case 'add':
        for (; o < end; i++, j++, o++) y[o] = a[i]! + b[j]!;
        return true;
      case 'sub':
        for (; o < end; i++, j++, o++) y[o] = a[i]! - b[j]!;
        return true;
      case 'mul':
        for (; o < end; i++, j++, o++) y[o] = a[i]! * b[j]!;
        return true;
      case 'div':
        for (; o < end; i++, j++, o++) y[o] = a[i]! / b[j]!;
        return true;
      case 'lt':
        for (; o < end; i++, j++, o++) y[o] = a[i]! < b[j]! ? 1 : 0;
        return true;
      case 'le':
        for (; o < end; i++, j++, o++) y[o] = a[i]! <= b[j]! ? 1 : 0;
        return true;
      case 'gt':
        for (; o < end; i++, j++, o++) y[o] = a[i]! > b[j]! ? 1 : 0;
        return true;
      case 'ge':
        for (; o < end; i++, j++, o++) y[o] = a[i]! >= b[j]! ? 1 : 0;
        return true;
      default:
        return false;
    }
  }
  if (sa === 1 && sb === 0) {
    const v = b[j]!;
    switch (op) {
      case 'add':
        for (; o < end; i++, o++) y[o] = a[i]! + v;
        return true;
      case 'sub':
        for (; o < end; i++, o++) y[o] = a[i]! - v;
        return true;
      case 'mul':
        for (; o < end; i++, o++) y[o] = a[i]! * v;
        return true;
      case 'div':
        for (; o < end; i++, o++) y[o] = a[i]! / v;
        return true;
      case 'lt':
        for (; o < end; i++, o++) y[o] = a[i]! < v ? 1 : 0;
        return true;
      case 'le':
        for (; o < end; i++, o++) y[o] = a[i]! <= v ? 1 : 0;
        return true;
      case 'gt':
        for (; o < end; i++, o++) y[o] = a[i]! > v ? 1 : 0;
        return true;
      case 'ge':
        for (; o < end; i++, o++) y[o] = a[i]! >= v ? 1 : 0;
        return true;
      default:
        return false;
    }
  }
  return false;
}
