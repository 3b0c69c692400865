// String(transform): torchvision 0.14's repr of each transform (`Resize(size=[28, 28], interpolation=bilinear,
// max_size=None, antialias=None)`), and Compose's multi-line one, from the arguments as bound to
// torchvision's parameters. Python prints JavaScript's values: null as None, booleans as True/False,
// arrays as lists, and the tuples torchvision makes (sizes, scale, ratio) as tuples.
type B = Record<string, unknown>;

/** A number as Python prints it: an int as given, a float (`asFloat`, or non-integral) with its `.0`. */
function pyNumber(x: number, asFloat = false): string {
  if (Number.isInteger(x) && asFloat) return x.toFixed(1);
  const s = String(x);
  return s.includes('e') ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s; // 1e-5 -> 1e-05
}

/** A value as Python's str() of the same data prints it. */
export function py(v: unknown, asFloat = false): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v, asFloat);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map((e) => py(e, asFloat)).join(', ')}]`;
  return String(v);
}

const tuple = (values: readonly unknown[], asFloat = false) => `(${values.map((e) => py(e, asFloat)).join(', ')}${values.length === 1 ? ',' : ''})`;

/** torchvision's _setup_size: one number (or a list of one) gives the tuple (n, n); a list of two stays a list. */
function setupSize(size: unknown): string {
  if (typeof size === 'number') return tuple([size, size]);
  if (Array.isArray(size) && size.length === 1) return tuple([size[0], size[0]]);
  return py(size);
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** ColorJitter's stored range: None when it changes nothing, else [lo, hi] as floats. */
function jitter(v: unknown, center: number, hue: boolean): string {
  if (v === null || v === undefined) return 'None';
  const [lo, hi] = typeof v === 'number' ? (hue ? [-v, v] : [Math.max(center - v, 0), center + v]) : (v as number[]);
  return lo === center && hi === center ? 'None' : py([lo, hi], true);
}

/** The repr of each transform, from its bound arguments (torchvision 0.14's __repr__). */
export const REPRS: Readonly<Record<string, (b: B) => string>> = {
  ToTensor: () => 'ToTensor()',
  ToPILImage: () => 'ToPILImage()',
  Lambda: () => 'Lambda()',
  Normalize: (b) => `Normalize(mean=${py(b['mean'])}, std=${py(b['std'])})`,
  Resize: (b) => `Resize(size=${py(b['size'])}, interpolation=${py(b['interpolation'])}, max_size=${py(b['maxSize'])}, antialias=${py(b['antialias'])})`,
  CenterCrop: (b) => `CenterCrop(size=${setupSize(b['size'])})`,
  Pad: (b) => `Pad(padding=${py(b['padding'])}, fill=${py(b['fill'])}, padding_mode=${py(b['paddingMode'])})`,
  RandomCrop: (b) => `RandomCrop(size=${setupSize(b['size'])}, padding=${py(b['padding'])})`,
  RandomHorizontalFlip: (b) => `RandomHorizontalFlip(p=${py(b['p'])})`,
  RandomVerticalFlip: (b) => `RandomVerticalFlip(p=${py(b['p'])})`,
  Grayscale: (b) => `Grayscale(num_output_channels=${py(b['numOutputChannels'])})`,
  // torchvision 0.14 prints the stray ")" after interpolation too
  RandomResizedCrop: (b) =>
    `RandomResizedCrop(size=${setupSize(b['size'])}, scale=${tuple((b['scale'] as number[]).map(round4), true)}, ratio=${tuple((b['ratio'] as number[]).map(round4), true)}, interpolation=${py(b['interpolation'])}), antialias=${py(b['antialias'])})`,
  RandomRotation: (b) => {
    const d = b['degrees'];
    const degrees = typeof d === 'number' ? [-d, d] : (d as number[]);
    const center = b['center'] === null || b['center'] === undefined ? '' : `, center=${py(b['center'])}`;
    return `RandomRotation(degrees=${py(degrees, true)}, interpolation=${py(b['interpolation'])}, expand=${py(b['expand'])}${center}, fill=${py(b['fill'])})`;
  },
  ColorJitter: (b) =>
    `ColorJitter(brightness=${jitter(b['brightness'], 1, false)}, contrast=${jitter(b['contrast'], 1, false)}, saturation=${jitter(b['saturation'], 1, false)}, hue=${jitter(b['hue'], 0, true)})`,
};

/** Compose's repr: each transform on its own line, indented by four spaces, as torchvision prints it. */
export function composeRepr(list: readonly unknown[]): string {
  return `Compose(${list.map((t) => `\n    ${typeof t === 'function' && t.toString !== Function.prototype.toString ? String(t) : `${(t as { name?: string }).name || 'function'}()`}`).join('')}\n)`;
}
