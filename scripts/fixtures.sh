#!/usr/bin/env bash
# Regenerates every golden fixture from the reference implementations (Debian's PyTorch 1.13 and
# scikit-learn: apt-get install -y python3-torch python3-sklearn). The outputs are committed, so CI
# needs neither. Rerunning gives the same files, except that float32 matmul results may differ in
# the last bit with the CPU kernels OpenBLAS picks on the machine (within the tests' tolerances).
set -euo pipefail
cd "$(dirname "$0")/.."
py=/usr/bin/python3
$py packages/conformance/scripts/generate_fixtures.py
$py packages/conformance/scripts/generate_nn_fixtures.py
$py packages/conformance/scripts/generate_tensorops_fixtures.py
$py packages/tensor/scripts/format_goldens.py > packages/tensor/test/fixtures/format.json
$py packages/tensor/scripts/random_goldens.py > packages/tensor/test/fixtures/random.json
$py packages/data/scripts/shuffle_goldens.py > packages/data/test/fixtures/shuffle.json
$py packages/tensor/scripts/pt_goldens.py write   # PyTorch's .pth files for the loader
$py packages/tensor/scripts/pt_goldens.py check   # PyTorch loads the .pth files @x wrote (WRITE_PT_GOLDENS=1 in pt-interop.test.ts)
$py packages/nn/scripts/layers_fixtures.py
$py packages/nn/scripts/losses_fixtures.py
$py packages/nn/scripts/metrics_goldens.py
$py packages/nn/scripts/mlp_fixture.py
$py packages/nn/scripts/gradfn_names.py
$py packages/nn/scripts/module_order_fixtures.py
$py packages/nn/scripts/functional_fixtures.py
$py packages/optim/scripts/generate_fixtures.py
$py packages/autograd/scripts/inplace_views_fixtures.py
$py packages/autograd/scripts/function_fixtures.py
# PNG fixtures need Pillow and pypng (apt-get install -y python3-pil python3-png)
$py packages/vision/scripts/png_fixtures.py
$py packages/vision/scripts/image_folder_fixtures.py   # needs python3-torchvision
$py packages/vision/scripts/io_fixtures.py             # needs python3-torchvision
$py packages/vision/scripts/cifar_fixtures.py          # needs python3-torchvision
# safetensors interop files need Python's safetensors package, which Debian does not ship; see
# packages/tensor/scripts/safetensors_goldens.py for how they were made.
