"""Builds trainer/src/main/resources/dev/fpa/trainer/train/input_gradient.pt, the TorchScript helper behind fpa's
gradient penalty (see dev.fpa.trainer.train.InputGradient).

DJL's double backward (backward with create_graph) leaves parameter gradients that keep their graph and leaks about
20 MB per call; torch.autograd.grad with create_graph returns the input gradient with its graph but never writes
parameter gradients, so nothing keeps old graphs alive.

Recipe (Debian 12: apt-get install -y python3-torch, PyTorch 1.13.1), run from the repository root:

    /usr/bin/python3 trainer/src/main/torchscript/input_gradient.py

The output is byte-for-byte reproducible (sha256 7d9c0caf12a0c3d21104ab921b7cdf787e7ea6923907a491a56afe8d501153dc)
and loads in later libtorch versions, including the 2.7.1 that DJL uses. Commit the file; nothing is built at run
time.
"""
import pathlib

import torch


class InputGradient(torch.nn.Module):
    def forward(self, out: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        g = torch.autograd.grad([out.sum()], [x], create_graph=True)[0]
        assert g is not None
        return g


target = pathlib.Path("trainer/src/main/resources/dev/fpa/trainer/train/input_gradient.pt")
torch.jit.script(InputGradient()).save(str(target))
print(target)
