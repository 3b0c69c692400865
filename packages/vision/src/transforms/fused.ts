// ToTensor then Normalize as one step of a Compose: on an Image, the normalized float32 CHW values are
// written on the host in one pass (a 256-entry table per channel) and uploaded once, instead of a
// clone and two kernels over the ToTensor result. The tables hold what PyTorch computes: the float32
// byte / 255, minus the float32 mean, rounded to float32, divided by the float32 std, rounded to float32
// (each step correctly rounded in double, then rounded once to float32: the float32 operation's result).
import { Image } from '../image/image';
import { BYTE_TO_UNIT, imageToChw } from './convert';
import { isToTensor, normalizeArgsOf, type NormalizeArgs } from './fusable';

type Step = (x: never) => unknown;

/** One table per channel for `channels` channels, or null when Normalize must report an error (lengths, a float32 std of 0). */
function tablesFor(args: NormalizeArgs, channels: number): Float32Array[] | null {
  const { mean, std } = args;
  if ((mean.length !== 1 && mean.length !== channels) || (std.length !== 1 && std.length !== channels)) return null;
  const tables: Float32Array[] = [];
  for (let k = 0; k < channels; k++) {
    const m = Math.fround(mean[mean.length === 1 ? 0 : k]!);
    const s = Math.fround(std[std.length === 1 ? 0 : k]!);
    if (s === 0) return null;
    tables.push(BYTE_TO_UNIT.map((u) => Math.fround(u - m) / s));
  }
  return tables;
}

/** ToTensor followed by Normalize: one pass on an Image, the two transforms otherwise (and for their errors). */
function fusedToTensorNormalize(toTensor: Step, normalize: Step, args: NormalizeArgs): Step {
  const byChannels = new Map<number, Float32Array[] | null>();
  const apart = (x: unknown) => (normalize as (v: unknown) => unknown)((toTensor as (v: unknown) => unknown)(x));
  return ((x: unknown) => {
    if (!(x instanceof Image)) return apart(x);
    const c = x.channels;
    let tables = byChannels.get(c);
    if (tables === undefined) byChannels.set(c, (tables = tablesFor(args, c)));
    return tables === null ? apart(x) : imageToChw(x, tables);
  }) as Step;
}

/** The steps of a Compose, with each ToTensor directly followed by a Normalize run as one step. */
export function fuseSteps(steps: readonly Step[]): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < steps.length; i++) {
    const args = i + 1 < steps.length ? normalizeArgsOf(steps[i + 1]) : undefined;
    if (isToTensor(steps[i]) && args !== undefined) {
      out.push(fusedToTensorNormalize(steps[i]!, steps[i + 1]!, args));
      i++;
    } else {
      out.push(steps[i]!);
    }
  }
  return out;
}
