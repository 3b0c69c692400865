// Error helpers: every message names the op and the shapes/dtypes/devices involved.
import { formatShape, type Shape } from './shape';
import type { DType } from './dtype';

export function describe(t: { shape: Shape; dtype: DType; device: string }): string {
  return `${formatShape(t.shape)} ${t.dtype} on '${t.device}'`;
}

export function checkSameDevice(op: string, tensors: readonly { shape: Shape; dtype: DType; device: string }[]): string {
  const device = tensors[0]!.device;
  for (const t of tensors) {
    if (t.device !== device) {
      throw new Error(
        `${op}: expected all tensors to be on the same device, but found '${device}' and '${t.device}' ` +
          `(${tensors.map(describe).join(', ')}); move them with .to('${device}')`,
      );
    }
  }
  return device;
}

export function notImplementedForDType(op: string, dtype: DType, hint = ''): never {
  throw new TypeError(`${op}: not implemented for dtype ${dtype}${hint ? `; ${hint}` : ''}`);
}
