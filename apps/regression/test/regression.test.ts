// The demos against PyTorch: losses every 100 epochs from scripts/pytorch_regression.py
// (Debian's PyTorch 1.13, same fixed initial weights), pasted below.
import { describe, expect, it } from 'vitest';
import { runLinear } from '../src/linear';
import { runLogistic } from '../src/logistic';

const PYTORCH_LINEAR_LOSSES = [
  0.017778798937797546, 0.009760324843227863, 0.005358324386179447, 0.0029416526667773724,
  0.0016149327857419848, 0.0008865835843607783, 0.0004867278039455414, 0.00026721085305325687,
  0.00014669897791463882, 8.053707279032096e-5,
];
const PYTORCH_LINEAR = { w: 2.007446527481079, b: 0.9781063199043274, prediction: 11.015338897705078 };

const PYTORCH_LOGISTIC_LOSSES = [
  0.4465232193470001, 0.3469200134277344, 0.2879001796245575, 0.2490309774875641,
  0.22132986783981323, 0.2004169523715973, 0.18394027650356293, 0.17053134739398956,
  0.1593414843082428, 0.14981546998023987,
];
const PYTORCH_LOGISTIC_PROBS = [0.10729311406612396, 0.5671310424804688, 0.9345638751983643];

// |actual - expected| <= rtol·|expected| + atol, as numpy.isclose.
function expectClose(actual: number[], expected: number[], rtol: number, atol = 0): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const err = Math.abs(a - expected[i]);
    expect(err, `index ${i}: ${a} vs PyTorch ${expected[i]}`).toBeLessThanOrEqual(rtol * Math.abs(expected[i]) + atol);
  });
}

describe('linear regression (y = 2x + 1)', () => {
  const result = runLinear();
  it('prints the same loss as PyTorch every 100 epochs', () => {
    // Near convergence the MSE is the square of a residual r = output - y that is a difference of
    // near-equal float32 numbers (≈ 9): a few ulps of rounding (≈ 1e-6, from a different summation order
    // over 1000 steps) change the loss by ≈ 2·r·1e-6 ≈ 1e-8 absolute, which is > 1e-5 relative once the
    // loss is below 1e-3. Hence atol 3e-8 on top of rtol 1e-5 (measured worst: 1.1e-8 absolute).
    expectClose(result.losses, PYTORCH_LINEAR_LOSSES, 1e-5, 3e-8);
  });
  it('learns w ≈ 2, b ≈ 1 and predicts ≈ 11.00 for x = 5, as PyTorch', () => {
    const { w, b, prediction } = PYTORCH_LINEAR;
    expectClose([result.w, result.b, result.prediction], [w, b, prediction], 1e-5);
    expect(result.prediction).toBeCloseTo(11, 1);
  });
});

describe('logistic regression (class 1 when x > 2)', () => {
  const result = runLogistic();
  it('prints the same loss as PyTorch every 100 epochs', () => {
    expectClose(result.losses, PYTORCH_LOGISTIC_LOSSES, 1e-5);
  });
  it('gives PyTorch\'s probabilities and classes 0, 1, 1 for x = 1.5, 2.5, 3.5', () => {
    expectClose(result.probabilities, PYTORCH_LOGISTIC_PROBS, 1e-5);
    expect(result.classes).toEqual([0, 1, 1]);
  });
});
