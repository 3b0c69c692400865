// Float32 functions WGSL lacks or computes too loosely for PyTorch's float32 tolerance: expm1, log1p
// and log near 1 by series, tanh and sigmoid without overflow, erf (Cody's rational approximations,
// as the CPU backend), pow with C's special cases and exact small integer powers, floor division and
// remainder with Python's signs, maximum/minimum propagating NaN, int64-in-32-bit overflow checks.
export const MATH_WGSL = /* wgsl */ `
// sin and cos: reduction by pi/2 in three parts (fdlibm's float split), then fdlibm's kernels on [-pi/4, pi/4]
fn m_sincos(x: f32) -> vec2f {
  if (is_nan(x) || is_inf(x)) { return vec2f(nan_f32(), nan_f32()); }
  let q = round(x * 0.636619772367581343);
  var r = fma(-q, 1.5707855225, x);
  r = fma(-q, 1.0804273188e-05, r);
  r = fma(-q, 6.0770943833e-11, r);
  let z = r * r;
  let s = r + r * z * (-1.6666667163e-01 + z * (8.3333337680e-03 + z * (-1.9841270114e-04 + z * 2.7557314297e-06)));
  let c = 1.0 - 0.5 * z + z * z * (4.1666667908e-02 + z * (-1.3888889225e-03 + z * (2.4801587642e-05 + z * -2.7557314297e-07)));
  let k = i32(q) & 3;
  if (k == 0) { return vec2f(s, c); }
  if (k == 1) { return vec2f(c, -s); }
  if (k == 2) { return vec2f(-s, -c); }
  return vec2f(-c, s);
}
fn m_sin(x: f32) -> f32 { if (abs(x) < 1e-4) { return x; } return m_sincos(x).x; }
fn m_cos(x: f32) -> f32 { return m_sincos(x).y; }
// exp and log of NaN are NaN (some drivers' approximations give infinity or a number)
fn m_exp(x: f32) -> f32 { if (is_nan(x)) { return x; } return exp(x); }
fn m_expm1(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (abs(x) < 0.5) {
    var t = x; var s = x;
    for (var k = 2; k <= 10; k++) { t = t * x / f32(k); s = s + t; }
    return s;
  }
  return exp(x) - 1.0;
}
// log(1 + x) for |x| < 0.5: 2 atanh(x / (2 + x)) by its series
fn log1p_series(x: f32) -> f32 {
  let s = x / (2.0 + x);
  let s2 = s * s;
  var t = s; var acc = s;
  for (var k = 3; k <= 15; k += 2) { t = t * s2; acc = acc + t / f32(k); }
  return 2.0 * acc;
}
fn m_log1p(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (abs(x) < 0.5) { return log1p_series(x); }
  return m_log(1.0 + x);
}
fn m_log(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f32(); }
  if (x > 0.5 && x < 1.5) { return log1p_series(x - 1.0); }
  if (x == 0.0) { return -inf_f32(); }
  if (is_inf(x)) { return x; }
  return log(x);
}
fn m_tanh(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let a = abs(x);
  if (a > 10.0) { return sign(x); }
  let e = m_expm1(2.0 * a);
  return sign(x) * (e / (e + 2.0));
}
fn m_atan2(y: f32, x: f32) -> f32 {
  if (is_nan(x) || is_nan(y)) { return nan_f32(); }
  let pi = 3.14159265358979;
  let ny = (bitcast<u32>(y) & 0x80000000u) != 0u;
  let nx = (bitcast<u32>(x) & 0x80000000u) != 0u;
  if (y == 0.0) {
    if (!nx) { return y; }
    return select(pi, -pi, ny);
  }
  if (is_inf(x) && is_inf(y)) {
    let r = select(0.785398163397448, 2.35619449019234, nx);
    return select(r, -r, ny);
  }
  if (is_inf(x)) {
    if (nx) { return select(pi, -pi, ny); }
    return select(0.0, -0.0, ny);
  }
  if (is_inf(y) || x == 0.0) { return select(1.5707963267949, -1.5707963267949, ny); }
  return atan2(y, x);
}
fn m_sigmoid(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}
fn m_erf(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let y = abs(x);
  var r: f32;
  if (y <= 0.46875) {
    let z = y * y;
    let num = (((0.185777706184603153 * z + 3.1611237438705656) * z + 113.864154151050156) * z + 377.485237685302021) * z + 3209.37758913846947;
    let den = (((z + 23.6012909523441209) * z + 244.024637934444173) * z + 1282.61652607737228) * z + 2844.23683343917062;
    return x * num / den;
  }
  if (y >= 6.0) { return sign(x); }
  if (y <= 4.0) {
    let num = (((((((2.15311535474403846e-8 * y + 0.564188496988670089) * y + 8.88314979438837594) * y + 66.1191906371416295) * y + 298.635138197400131) * y + 881.95222124176909) * y + 1712.04761263407058) * y + 2051.07837782607147) * y + 1230.33935479799725;
    let den = (((((((y + 15.7449261107098347) * y + 117.693950891312499) * y + 537.181101862009858) * y + 1621.38957456669019) * y + 3290.79923573345963) * y + 4362.61909014324716) * y + 3439.36767414372164) * y + 1230.33935480374942;
    r = num / den;
  } else {
    let z = 1.0 / (y * y);
    let num = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4;
    let den = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z + 0.0605183413124413191) * z + 0.00233520497626869185;
    r = (0.56418958354775628695 - z * num / den) / y;
  }
  let ysq = trunc(y * 16.0) / 16.0;
  let del = (y - ysq) * (y + ysq);
  r = exp(-ysq * ysq) * exp(-del) * r;
  return sign(x) * (1.0 - r);
}
fn is_neg_zero(x: f32) -> bool { return bitcast<u32>(x) == 0x80000000u; }
fn m_pow(a: f32, b: f32) -> f32 {
  if (b == 0.0 || a == 1.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  let bi = !is_inf(b) && trunc(b) == b;
  if (bi && abs(b) <= 64.0) {
    var e = u32(abs(b)); var base = a; var r = 1.0;
    loop { if ((e & 1u) != 0u) { r = r * base; } e = e >> 1u; if (e == 0u) { break; } base = base * base; }
    if (b < 0.0) { return 1.0 / r; }
    return r;
  }
  let odd = bi && abs(b) < 16777216.0 && (u32(abs(b)) & 1u) == 1u;
  if (is_inf(a)) {
    let neg = a < 0.0 && odd;
    if (b > 0.0) { return select(inf_f32(), -inf_f32(), neg); }
    return select(0.0, -0.0, neg);
  }
  if (a == 0.0) {
    if (b > 0.0) { return select(0.0, a, odd); }
    return select(inf_f32(), 1.0 / a, odd);
  }
  if (is_inf(b)) {
    if (a == -1.0) { return 1.0; }
    let big = abs(a) > 1.0;
    return select(select(inf_f32(), 0.0, b > 0.0), select(0.0, inf_f32(), b > 0.0), big);
  }
  if (a < 0.0 && !bi) { return nan_f32(); }
  let r = exp2(b * log2(abs(a)));
  return select(r, -r, a < 0.0 && odd);
}
fn m_fmod(a: f32, b: f32) -> f32 { return a % b; }
fn m_floordiv(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return a / b; }
  let m = a % b;
  var d = (a - m) / b;
  if (m != 0.0 && ((b < 0.0) != (m < 0.0))) { d = d - 1.0; }
  if (d == 0.0) { return bitcast<f32>(bitcast<u32>(a / b) & 0x80000000u); }
  var f = floor(d);
  if (d - f > 0.5) { f = f + 1.0; }
  return f;
}
fn m_remainder(a: f32, b: f32) -> f32 {
  let m = a % b;
  if (m != 0.0 && ((m < 0.0) != (b < 0.0))) { return m + b; }
  return m;
}
fn m_maximum(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  if (a > b) { return a; }
  if (a == b && a == 0.0) { return select(a, b, is_neg_zero(a)); }
  return b;
}
fn m_minimum(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  if (a < b) { return a; }
  if (a == b && a == 0.0) { return select(b, a, is_neg_zero(a)); }
  return b;
}
fn l_add(a: i32, b: i32) -> i32 { let r = a + b; if (((a ^ r) & (b ^ r)) < 0) { ovf = 1u; } return r; }
fn l_sub(a: i32, b: i32) -> i32 { let r = a - b; if (((a ^ b) & (a ^ r)) < 0) { ovf = 1u; } return r; }
fn l_mul(a: i32, b: i32) -> i32 {
  let r = a * b;
  if (a != 0 && (r / a != b || (a == -1 && b == I32_MIN) || (b == -1 && a == I32_MIN))) { ovf = 1u; }
  return r;
}
fn l_neg(a: i32) -> i32 { if (a == I32_MIN) { ovf = 1u; } return -a; }
fn i_floordiv(a: i32, b: i32) -> i32 {
  if (b == 0) { ovf = 2u; return 0; }
  if (a == I32_MIN && b == -1) { return a; }
  let q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) { return q - 1; }
  return q;
}
fn i_truncdiv(a: i32, b: i32) -> i32 {
  if (b == 0) { ovf = 2u; return 0; }
  if (a == I32_MIN && b == -1) { return a; }
  return a / b;
}
fn i_remainder(a: i32, b: i32) -> i32 {
  if (b == 0) { ovf = 2u; return 0; }
  if (b == -1) { return 0; }
  let m = a % b;
  if (m != 0 && ((m < 0) != (b < 0))) { return m + b; }
  return m;
}
fn u_div(a: u32, b: u32) -> u32 { if (b == 0u) { ovf = 2u; return 0u; } return a / b; }
fn u_rem(a: u32, b: u32) -> u32 { if (b == 0u) { ovf = 2u; return 0u; } return a % b; }
fn i_pow(a: i32, b: i32, checked: bool) -> i32 {
  if (b < 0) { if (a == 1) { return 1; } if (a == -1) { return select(-1, 1, (b & 1) == 0); } return 0; }
  var e = u32(b); var base = a; var r = 1;
  loop {
    if ((e & 1u) != 0u) { if (checked) { r = l_mul(r, base); } else { r = r * base; } }
    e = e >> 1u;
    if (e == 0u) { break; }
    if (checked) { base = l_mul(base, base); } else { base = base * base; }
  }
  return r;
}
fn u_pow(a: u32, b: u32) -> u32 {
  var e = b; var base = a; var r = 1u;
  loop { if ((e & 1u) != 0u) { r = r * base; } e = e >> 1u; if (e == 0u) { break; } base = base * base; }
  return r;
}
`;
