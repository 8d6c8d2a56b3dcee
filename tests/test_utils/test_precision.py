"""mmir.utils.precision.at_least_float32: half types go to float32, every
other dtype is returned as it is (the same tensor)."""

import torch

from mmir.utils.precision import at_least_float32


def test_half_types_become_float32_with_the_same_values():
    x = torch.tensor([1.5, -2.25, 300.0])
    half, bf16 = at_least_float32(x.half(), x.bfloat16())
    assert half.dtype == torch.float32 and bf16.dtype == torch.float32
    torch.testing.assert_close(half, x)
    torch.testing.assert_close(bf16, x)


def test_other_dtypes_pass_through_untouched():
    f32 = torch.ones(2)
    f64 = torch.ones(2, dtype=torch.float64)
    ints = torch.arange(3)
    out = at_least_float32(f32, f64, ints)
    assert all(a is b for a, b in zip(out, (f32, f64, ints)))
    assert at_least_float32() == ()
