// Cases a device cannot hold: a float64 input, option or result on a device without float64 (WebGPU),
// or int64 values beyond the range a device emulates int64 in. On such a device the case checks the
// refusal instead of the values: every form must fail with an error that names the dtype and the device.
import { capsOf, parseDType, type Device, type DType } from '@x/tensor';
import { settle } from './compare';
import { decodeArg, decodeValue } from './decode';
import { isEncodedTensor, isViewTensor, type Arg, type Case, type Expected } from './fixtures';
import { Mismatch } from './compare';
import { NOT_APPLICABLE, OPS, type CallContext } from './ops';

export interface Refusal {
  /** The dtype whose support or range the case exceeds. */
  dtype: DType;
  /** What the error must say, besides the device. */
  why: string;
}

function* tensorsOf(x: Arg | Expected | null | undefined): Generator<{ dtype: DType; data: unknown[] }> {
  if (x === null || x === undefined || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const v of x) yield* tensorsOf(v);
    return;
  }
  if (isViewTensor(x)) yield* tensorsOf(x.base);
  else if (isEncodedTensor(x)) yield x;
}

function dtypeOption(v: Arg | undefined): DType | null {
  if (typeof v !== 'string') return null;
  try {
    return parseDType(v);
  } catch {
    return null;
  }
}

/** Why `device` cannot run case `c` as PyTorch did, or null when it can. */
export function refusalOf(c: Case, device: Device): Refusal | null {
  const caps = capsOf(device);
  const dtypes = new Set<DType>();
  const [lo, hi] = caps.int64Range;
  let outOfRange = false;
  const sources: (Arg | Expected | null | undefined)[] = [...c.args, ...Object.values(c.kwargs ?? {}), c.expect];
  for (const s of sources) {
    for (const t of tensorsOf(s)) {
      dtypes.add(t.dtype);
      if (t.dtype === 'int64' && t.data.some((v) => typeof v !== 'boolean' && !(Number(decodeValue(v as never)) >= lo && Number(decodeValue(v as never)) <= hi))) outOfRange = true;
    }
  }
  for (const v of Object.values(c.kwargs ?? {})) {
    const d = dtypeOption(v);
    if (d) dtypes.add(d);
  }
  for (const d of dtypes) if (caps.dtypes[d] === 'unsupported') return { dtype: d, why: d };
  if (outOfRange) return { dtype: 'int64', why: 'int64' };
  return null;
}

/** Runs every form of the case's op; each must fail naming the refused dtype and the device. */
export async function runRefusal(c: Case, device: Device, refusal: Refusal): Promise<void> {
  const forms = OPS[c.op];
  if (!forms) throw new Error(`conformance: op '${c.op}' (case ${c.name}) has no entry in the op table (src/ops.ts)`);
  let ran = 0;
  for (const [label, form] of Object.entries(forms)) {
    const where = `${c.op} [${label}] on '${device}' (${refusal.dtype})`;
    try {
      const ctx: CallContext = {
        args: c.args.map((a) => decodeArg(a, device)),
        kwargs: Object.fromEntries(Object.entries(c.kwargs ?? {}).map(([k, v]) => [k, decodeArg(v, device)])),
        device,
      };
      const result = await form(ctx);
      if (result === NOT_APPLICABLE) continue;
      await settle(result);
    } catch (e) {
      ran++;
      const msg = e instanceof Error ? e.message : String(e);
      if (!msg.includes(refusal.why) || !msg.includes(`'${device}'`)) {
        throw new Mismatch(`${where}: the error must name ${refusal.why} and '${device}', got: ${msg}`);
      }
      continue;
    }
    throw new Mismatch(`${where}: the device cannot hold this case's ${refusal.dtype} values, so the op must fail naming them, but it returned a result`);
  }
  if (ran === 0) throw new Error(`conformance: no form of '${c.op}' applies to case ${c.name} on '${device}'`);
}
