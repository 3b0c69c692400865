// torch.backendInfo(device): which kernels run here and why, instead of a silent fallback to the
// TypeScript kernels (Backend.info(), the CPU's answer from its WebAssembly module loader).
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import { setSimd } from '../src/wasm/module';

describe('torch.backendInfo', () => {
  afterEach(() => setSimd(true));

  it("reports the CPU's WebAssembly SIMD kernels in Node, with its threads", () => {
    const info = torch.backendInfo('cpu');
    expect(info).toEqual({ device: 'cpu', available: true, kernels: 'wasm-simd', reason: null, threads: info.threads });
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(torch.backendInfo()).toEqual(info); // the default device
  });

  it('says when and why the TypeScript kernels serve', () => {
    setSimd(false);
    expect(torch.backendInfo('cpu')).toMatchObject({ kernels: 'typescript', reason: 'the WebAssembly SIMD kernels were turned off (setSimd(false))' });
  });

  it('names a Content-Security-Policy that forbids compiling WebAssembly', async () => {
    vi.resetModules();
    const wasm = (globalThis as unknown as { WebAssembly: { Module: unknown; CompileError: new (message: string) => Error } }).WebAssembly;
    const original = wasm.Module;
    // Chromium's error under `script-src 'self'` (no 'wasm-unsafe-eval')
    wasm.Module = function Module() {
      throw new wasm.CompileError("WebAssembly.Module(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source of script in the following Content Security Policy directive: \"script-src 'self'\"");
    };
    try {
      const fresh = await import('../src/wasm/module');
      const status = fresh.simdStatus();
      expect(status.kernels).toBe('typescript');
      expect(status.reason).toMatch(/^the WebAssembly SIMD kernels do not compile here \(a Content-Security-Policy without 'wasm-unsafe-eval', or an engine without SIMD\): CompileError: WebAssembly.Module\(\): Refused to compile/);
    } finally {
      wasm.Module = original;
      vi.resetModules();
    }
  });

  it('says which package to import for an unregistered device, and "unreported" for a backend without the hook', () => {
    expect(() => torch.backendInfo('webgpu')).toThrow(/device 'webgpu' is not registered: import '@x\/backend-webgpu'/);
    const { info: _info, ...silent } = torch.getBackend('cpu');
    torch.registerBackend({ ...silent, device: 'silent-info' });
    expect(torch.backendInfo('silent-info')).toEqual({ device: 'silent-info', available: true, kernels: 'unreported', reason: null, threads: 1 });
  });
});

// The test device this file registers, named for the types as a third-party backend names its own.
declare module '@x/tensor' {
  interface DeviceNames {
    'silent-info': true;
  }
}
