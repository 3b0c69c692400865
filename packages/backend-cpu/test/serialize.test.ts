// torch.save / torch.load / saveBytes / loadBytes with tensors: round trips of tensors, state dicts,
// checkpoints and modules (through the [Symbol.for('@x/serialize')] protocol), files, devices, atomicity.
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import type { Tensor } from '@x/tensor';
import { cpuBackend } from '../src/index';
import { deferredBackend } from '@x/conformance';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectSameTree, FakeLinear, FakeModule } from './serialize-helpers';

const dir = mkdtempSync(join(tmpdir(), 'x-serialize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);

/** The tensor names in a file, in header order, and its metadata. */
function header(bytes: Uint8Array): { names: string[]; metadata: Record<string, string> | null } {
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true)));
  const parsed = JSON.parse(text) as Record<string, unknown>;
  return { names: Object.keys(parsed).filter((k) => k !== '__metadata__'), metadata: (parsed.__metadata__ as Record<string, string>) ?? null };
}

class SimpleNN extends FakeModule {
  fc1 = new FakeLinear(4, 3);
  fc2 = new FakeLinear(3, 2);
  scale = 2;
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x).relu()).mul(this.scale);
  }
}

function fakeOptimizerStateDict() {
  return {
    state: {
      0: { step: 3, exp_avg: torch.randn(3, 4), exp_avg_sq: torch.rand(3, 4) },
      1: { step: 3, exp_avg: torch.randn(3), exp_avg_sq: torch.rand(3) },
    },
    param_groups: [{ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false, params: [0, 1] }],
  };
}

describe('saveBytes / loadBytes', () => {
  it('round-trip every dtype, 0-d, empty and non-contiguous tensors', () => {
    torch.manualSeed(0);
    const base = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const obj = {
      f32: torch.randn(2, 3),
      f64: torch.tensor([Math.PI, -1e-300, NaN, -Infinity], { dtype: 'float64' }),
      i32: torch.tensor([-(2 ** 31), 2 ** 31 - 1, 0], { dtype: 'int32' }),
      i64: torch.tensor([2 ** 53, -(2 ** 53), -1, 0]),
      u8: torch.tensor([0, 255, 7], { dtype: 'uint8' }),
      bool: torch.tensor([[true, false], [false, true]]),
      scalar: torch.tensor(2.5),
      empty: torch.zeros(0, 3),
      transposed: base.T,
      slice: base.at(1),
      negZero: torch.tensor([-0, 0], { dtype: 'float32' }),
    };
    const bytes = torch.saveBytesSync(obj);
    const back = torch.loadBytes(bytes);
    expectSameTree(back, { ...obj, transposed: base.T.contiguous(), slice: base.at(1).contiguous() });
    expect(Object.is(back.negZero.dataSync()[0], -0)).toBe(true);
    expect(back.transposed.isContiguous()).toBe(true);
  });

  it('name a plain state dict\'s tensors by its keys, so Python reads it as that state dict', () => {
    const model = new SimpleNN();
    const sd = model.stateDict();
    const bytes = torch.saveBytesSync(sd);
    expect(header(bytes).names.sort()).toEqual(Object.keys(sd).sort());
    expect(header(bytes).metadata?.format).toBe('pt');
    const back = torch.loadBytes(bytes);
    expect(Object.keys(back)).toEqual(Object.keys(sd)); // the saved order, not the file's
    expectSameTree(back, sd);
  });

  it('round-trip a checkpoint: epoch, model and optimizer state dicts, loss, nested tensors named by path', () => {
    const model = new SimpleNN();
    const checkpoint = { epoch: 7, model: model.stateDict(), optimizer: fakeOptimizerStateDict(), loss: 0.4321, best: torch.tensor(0.5) };
    const bytes = torch.saveBytesSync(checkpoint);
    expect(header(bytes).names).toEqual(
      expect.arrayContaining(['model.fc1.weight', 'optimizer.state.0.exp_avg', 'optimizer.state.1.exp_avg_sq', 'best']),
    );
    const back = torch.loadBytes(bytes);
    expectSameTree(back, checkpoint);
    expect(Object.keys(back.optimizer.state)).toEqual(['0', '1']);
  });

  it('give a lone tensor the name "tensor", list items their index, and colliding paths a suffix', () => {
    expect(header(torch.saveBytesSync(torch.ones(2))).names).toEqual(['tensor']);
    expect(header(torch.saveBytesSync([torch.ones(1), torch.ones(1)])).names).toEqual(['0', '1']);
    const names = header(torch.saveBytesSync({ 'a.b': torch.ones(1), a: { b: torch.ones(1) }, __metadata__: torch.ones(1) })).names;
    expect(names).toEqual(['a.b', 'a.b#1', '__metadata__#1']);
    expectSameTree(torch.loadBytes(torch.saveBytesSync(torch.arange(3))), torch.arange(3));
  });

  it('store a tensor met twice once, and give back one tensor for both places', () => {
    const shared = torch.randn(3);
    const bytes = torch.saveBytesSync({ encoder: { w: shared }, decoder: { w: shared } });
    expect(header(bytes).names).toEqual(['encoder.w']);
    const back = torch.loadBytes(bytes);
    expect(back.encoder.w).toBe(back.decoder.w);
  });

  it('know a tensor by the memory it views: p and p.detach() are stored once and come back as one tensor', () => {
    const p = torch.randn([2, 3], { requiresGrad: true });
    const bytes = torch.saveBytesSync({ params: [p], stateDict: { w: p.detach() }, row: p.detach().at(0), t: p.detach().T });
    expect(header(bytes).names).toEqual(['params.0', 'row', 't']);
    const back = torch.loadBytes(bytes);
    expect(back.stateDict.w).toBe(back.params[0]);
    expect(back.t.shape).toEqual([3, 2]);
  });

  it('keep requiresGrad', () => {
    const w = torch.randn([2], { requiresGrad: true });
    const back = torch.loadBytes(torch.saveBytesSync({ w, plain: torch.randn(2) }));
    expect(back.w.requiresGrad).toBe(true);
    expect(back.w.isLeaf).toBe(true);
    expect(back.plain.requiresGrad).toBe(false);
  });

  it('accept an ArrayBuffer and a pooled Node Buffer (a view at an offset)', () => {
    const obj = { w: torch.randn(3, 2), n: torch.tensor([1, 2, 3]) };
    const bytes = torch.saveBytesSync(obj);
    expectSameTree(torch.loadBytes(bytes.slice().buffer), obj);
    const pooled = Buffer.concat([Buffer.from('junk'), Buffer.from(bytes)]).subarray(4);
    expect(pooled.byteOffset).toBeGreaterThan(0);
    expectSameTree(torch.loadBytes(pooled), obj);
  });

  it('say to await saveBytes when given its Promise', () => {
    expect(() => torch.loadBytes(torch.saveBytes(torch.ones(1)) as unknown as Uint8Array)).toThrow('torch.loadBytes: got a Promise; await it first');
  });

  it('load a plain safetensors file (no structure) as { name: Tensor } in file order', () => {
    const plain = new TextEncoder().encode('{"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"U8","shape":[2],"data_offsets":[4,6]}}');
    const bytes = new Uint8Array(8 + plain.length + 6);
    new DataView(bytes.buffer).setUint32(0, plain.length, true);
    bytes.set(plain, 8);
    bytes.set([0, 0, 0x80, 0x3f, 9, 8], 8 + plain.length);
    const back = torch.loadBytes(bytes);
    expect(Object.keys(back)).toEqual(['b', 'a']);
    expect(back.b.tolistSync()).toEqual([1]);
    expect(back.a.tolistSync()).toEqual([9, 8]);
    expect(back.a.dtype).toBe('uint8');
  });
});

describe('devices', () => {
  const deferred = deferredBackend('deferred-serialize', cpuBackend);
  torch.registerBackend(deferred);

  it('save tensors from an asynchronous device with saveBytes, and load onto one with { device }', async () => {
    const x = torch.arange(6, { dtype: 'float32', device: 'deferred-serialize' }).mul(2);
    const bytes = await torch.saveBytes({ x, n: 3 });
    const onCpu = torch.loadBytes(bytes);
    expect(onCpu.x.device).toBe('cpu');
    expect(onCpu.x.tolistSync()).toEqual([0, 2, 4, 6, 8, 10]);
    const there = torch.loadBytes(bytes, { device: 'deferred-serialize' });
    expect(there.x.device).toBe('deferred-serialize');
    expect(await there.x.tolist()).toEqual([0, 2, 4, 6, 8, 10]);
    expect(() => torch.saveBytesSync({ x })).toThrow(/cannot be read synchronously/);
  });

  it('name the device when it is not registered', () => {
    expect(() => torch.loadBytes(torch.saveBytesSync(torch.ones(1)), { device: 'webgpu' })).toThrow("device 'webgpu' is not registered: import '@x/backend-webgpu'");
  });
});

describe('torch.save / torch.load (files)', () => {
  it('work as in API.md: state dicts, whole modules, checkpoints', async () => {
    torch.manualSeed(1);
    const model = new SimpleNN();
    const x = torch.randn(5, 4);
    const expected = model.forward(x).dataSync();
    const file = path('model.safetensors');

    // await torch.save(model.stateDict(), 'model.safetensors'); model.loadStateDict(await torch.load('model.safetensors'))
    await torch.save(model.stateDict(), file);
    const fresh = new SimpleNN();
    expect([...fresh.forward(x).dataSync()]).not.toEqual([...expected]);
    fresh.loadStateDict(await torch.load(file));
    expect([...fresh.forward(x).dataSync()]).toEqual([...expected]);

    // await torch.save(model, 'model.safetensors'); const model = await torch.load('model.safetensors', { modules: { SimpleNN } })
    await torch.save(model, file);
    expect(header(readFileSync(file)).names.sort()).toEqual(Object.keys(model.stateDict()).sort());
    const loaded = await torch.load(file, { modules: { SimpleNN } });
    expect(loaded).toBeInstanceOf(SimpleNN);
    expect(loaded.fc1).toBeInstanceOf(FakeLinear);
    expect(loaded.scale).toBe(2);
    expect([...loaded.forward(x).dataSync()]).toEqual([...expected]);

    // await torch.save({ epoch, model: model.stateDict(), optimizer: optimizer.stateDict(), loss }, 'checkpoint.safetensors')
    const epoch = 4;
    const loss = 0.125;
    const optimizer = { stateDict: fakeOptimizerStateDict };
    const checkpoint = { epoch, model: model.stateDict(), optimizer: optimizer.stateDict(), loss };
    await torch.save(checkpoint, path('checkpoint.safetensors'));
    expectSameTree(await torch.load(path('checkpoint.safetensors')), checkpoint);
  });

  it('name a module\'s tensors by the names its serialize method gives, else by their path in its state', () => {
    const model = new SimpleNN();
    expect(header(torch.saveBytesSync(model)).names).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    const unnamed = { [torch.SERIALIZE]: () => ({ type: 'test.module', state: { class: 'FakeLinear', config: {}, params: { w: torch.ones(1) }, children: {} } }) };
    expect(header(torch.saveBytesSync({ m: unnamed })).names).toEqual(['m.params.w']);
    const bad = { [torch.SERIALIZE]: () => ({ type: 't', state: 1, names: { w: 3 } }) };
    expect(() => torch.saveBytesSync({ m: bad })).toThrow(`torch.saveBytesSync: names["w"] returned for the object at "m" is not a tensor`);
  });

  it('name a module inside a checkpoint by its path, and need its class', async () => {
    const model = new SimpleNN();
    await torch.save({ model, epoch: 1 }, path('whole.safetensors'));
    expect(header(readFileSync(path('whole.safetensors'))).names).toContain('model.fc2.bias');
    const back = await torch.load(path('whole.safetensors'), { modules: { SimpleNN } });
    expect(back.model).toBeInstanceOf(SimpleNN);
  });

  it('name the missing class and the call that passes it', async () => {
    const file = path('needs-class.safetensors');
    await torch.save(new SimpleNN(), file);
    await expect(torch.load(file)).rejects.toThrow(
      `torch.load: ${file} contains a module of class 'SimpleNN'; pass the class: torch.load('${file}', { modules: { SimpleNN } })`,
    );
    expect(() => torch.loadBytes(readFileSync(file), { modules: {} })).toThrow(
      `torch.loadBytes: the bytes contain a module of class 'SimpleNN'; pass the class: torch.loadBytes(bytes, { modules: { SimpleNN } })`,
    );
  });

  it('accept a file: URL', async () => {
    const url = new URL(`file://${path('url.safetensors')}`);
    await torch.save({ a: torch.ones(2) }, url);
    expect((await torch.load(url)).a.tolistSync()).toEqual([1, 1]);
  });

  it('name the file that cannot be read', async () => {
    await expect(torch.load(path('missing.safetensors'))).rejects.toThrow(`torch.load: could not read "${path('missing.safetensors')}": no such file (ENOENT)`);
  });

  it('leave the previous file byte-identical when a save fails, and no temp file', async () => {
    const file = path('keep.safetensors');
    await torch.save({ w: torch.randn(4) }, file);
    const before = readFileSync(file);
    const listing = readdirSync(dir).sort();
    await expect(torch.save({ w: torch.randn(4), callback: () => 1 }, file)).rejects.toThrow(`torch.save: can't save a function at "callback"`);
    await expect(torch.save({ n: torch.tensor([1e30], { dtype: 'int64' }) }, file)).rejects.toThrow(`torch.save: tensor "n" (int64) holds 1e+30`);
    await expect(torch.save({ w: torch.ones(1) }, join(file, 'not-a-dir'))).rejects.toThrow(/torch\.save: could not write/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  it('name the file and the tensor when a file is corrupted', async () => {
    const file = path('corrupt.safetensors');
    await torch.save({ w: torch.ones(4) }, file);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(file).subarray(0, -3));
    await expect(torch.load(file)).rejects.toThrow(`torch.load: ${file}: tensor "w": data_offsets [0, 16] run past the end of the byte buffer (13 bytes): the file is truncated`);
  });
});

describe('the layout torch.save writes', () => {
  it('starts every tensor at a multiple of its item size', () => {
    const bytes = torch.saveBytesSync({ a: torch.ones([3], { dtype: 'uint8' }), b: torch.ones(1), c: torch.ones([1], { dtype: 'float64' }), d: torch.tensor([true]), e: torch.tensor([1]) });
    const n = new DataView(bytes.buffer).getUint32(0, true);
    const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { dtype: string; data_offsets: [number, number] }>;
    const size: Record<string, number> = { F32: 4, F64: 8, I32: 4, I64: 8, U8: 1, BOOL: 1 };
    for (const [name, e] of Object.entries(parsed)) {
      if (name !== '__metadata__') expect((8 + n + e.data_offsets[0]) % size[e.dtype]!, name).toBe(0);
    }
  });
});
