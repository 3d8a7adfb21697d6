"""Writes the .npy fixtures of the loader tests with numpy's own writer.

Run from this folder: `python3 make_fixtures.py` (numpy >= 1.17). The files are
committed, so the tests do not need Python; this script says how they were made.
"""
import numpy as np
from numpy.lib import format as npf

# 4 rows x 3 columns, values exact in float16.
base = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [3.0, 4.0, -2.5], [0.0, 1.0, 8.0]])

np.save("f32.npy", base.astype(np.float32))
np.save("f64.npy", base.astype(np.float64))
np.save("f16.npy", base.astype(np.float16))
with open("f32_v2.npy", "wb") as f:
    npf.write_array(f, base.astype(np.float32), version=(2, 0))
with open("f64_v3.npy", "wb") as f:
    npf.write_array(f, base.astype(np.float64), version=(3, 0))
np.save("fortran.npy", np.asfortranarray(base.astype(np.float32)))
np.save("big_endian.npy", base.astype(">f4"))
np.save("one_d.npy", np.arange(4, dtype=np.float32))
np.save("int.npy", base.astype(np.int32))
bad = base.astype(np.float32)
bad[2, 1] = np.nan
np.save("nan.npy", bad)
with open("truncated.npy", "wb") as f:
    f.write(open("f32.npy", "rb").read()[:-5])
