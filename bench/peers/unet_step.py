#!/usr/bin/python3
"""A PyTorch peer of the Java U-Net: the same textbook U-Net written plainly in PyTorch, timing one
training step (forward, masked BCE + soft Dice, backward, global-norm clipping, AdamW) on random
images.

Model: level i = 0..depth has width * 2^i channels. DoubleConv = (conv 3x3 pad 1 no bias, BatchNorm,
ReLU) x 2. Encoder: DoubleConv, then per level MaxPool 2 + DoubleConv. Decoder per level, deepest
first: bilinear x2 upsampling (align_corners=False) or a 2x2 stride-2 transposed conv, concatenation
[skip, up] on channels, DoubleConv. Head: 1x1 conv with bias. See README.md for how to run.
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from mae_step import matmul_peak  # the same peak measurement as the MAE peer


class DoubleConv(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, in_ch=2, classes=4, width=16, depth=4, upsample="bilinear"):
        super().__init__()
        c = [width * 2 ** i for i in range(depth + 1)]
        self.depth = depth
        self.enc = nn.ModuleList([DoubleConv(in_ch, c[0])])
        for i in range(1, depth + 1):
            self.enc.append(DoubleConv(c[i - 1], c[i]))
        # up[j] and dec[j] belong to level depth-1-j, so they run in list order.
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for i in range(depth - 1, -1, -1):
            if upsample == "bilinear":
                self.up.append(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False))
                self.dec.append(DoubleConv(c[i] + c[i + 1], c[i]))
            elif upsample == "transposed":
                self.up.append(nn.ConvTranspose2d(c[i + 1], c[i], 2, stride=2))
                self.dec.append(DoubleConv(2 * c[i], c[i]))
            else:
                raise ValueError("upsample must be bilinear or transposed; got " + upsample)
        self.head = nn.Conv2d(c[0], classes, 1)

    def forward(self, x):
        skips = []
        for i, block in enumerate(self.enc):
            if i > 0:
                x = F.max_pool2d(x, 2)
            x = block(x)
            skips.append(x)
        x = skips.pop()  # the bottom level has no skip connection
        for up, dec in zip(self.up, self.dec):
            x = dec(torch.cat([skips.pop(), up(x)], dim=1))
        return self.head(x)


def seg_loss(logits, target, valid):
    """BCE-with-logits averaged over valid pixels (and classes) + soft Dice (1 - mean over classes,
    smooth 1), both ignoring the pixels where valid == 0. target is 0/1 [B,K,H,W], valid [B,1,H,W]."""
    k = logits.shape[1]
    bce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    n_valid = valid.sum().clamp(min=1.0)
    bce = (bce * valid).sum() / (n_valid * k)
    p = torch.sigmoid(logits) * valid
    t = target * valid
    dims = (0, 2, 3)  # one Dice per class, pooled over the batch and all valid pixels
    inter = (p * t).sum(dims)
    dice = (2 * inter + 1.0) / (p.sum(dims) + t.sum(dims) + 1.0)
    return bce + (1.0 - dice.mean())


def make_optimizer(model, lr=1e-3):
    # Weight decay only on conv weights: biases and BatchNorm weights/biases are all 1-D.
    decay = [p for p in model.parameters() if p.ndim > 1]
    no_decay = [p for p in model.parameters() if p.ndim <= 1]
    return torch.optim.AdamW([{"params": decay, "weight_decay": 0.05},
                              {"params": no_decay, "weight_decay": 0.0}],
                             lr=lr, betas=(0.9, 0.999))


def conv_flops(model, in_ch, size):
    """Forward FLOPs (2 x multiply-adds) of every conv and transposed conv for one image, counted
    from the shapes hooks see; BatchNorm, ReLU, pooling, upsampling and the loss are left out."""
    macs = [0]

    def conv_hook(m, inp, out):
        kh, kw = m.kernel_size
        macs[0] += out[0].numel() * (m.in_channels // m.groups) * kh * kw

    def tconv_hook(m, inp, out):
        kh, kw = m.kernel_size
        macs[0] += inp[0][0].numel() * (m.out_channels // m.groups) * kh * kw

    hooks = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.ConvTranspose2d):
            hooks.append(m.register_forward_hook(tconv_hook))
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, in_ch, size, size))
    model.train(was_training)
    for h in hooks:
        h.remove()
    return 2 * macs[0]


def random_batch(batch, in_ch, classes, size):
    imgs = torch.randn(batch, in_ch, size, size)
    target = (torch.rand(batch, classes, size, size) < 0.5).float()
    valid = (torch.rand(batch, 1, size, size) >= 0.02).float()  # ~2 % ignored pixels
    return imgs, target, valid


def bench(a, size):
    torch.manual_seed(0)
    model = UNet(a.in_ch, a.classes, a.width, a.depth, a.upsample)
    model.train()
    opt = make_optimizer(model)
    params = list(model.parameters())
    phases = [0.0, 0.0, 0.0]
    step_times = []
    for i in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        imgs, target, valid = random_batch(a.batch, a.in_ch, a.classes, size)
        t1 = time.perf_counter()
        loss = seg_loss(model(imgs), target, valid)
        loss.item()
        t2 = time.perf_counter()
        loss.backward()
        t3 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        t4 = time.perf_counter()
        if i >= a.warmup:
            step_times.append(t4 - t0)
            phases[0] += t2 - t1
            phases[1] += t3 - t2
            phases[2] += t4 - t3
    rate = a.batch * a.steps / sum(step_times)
    median = a.batch / statistics.median(step_times)
    return rate, median, [p / a.steps for p in phases], conv_flops(model, a.in_ch, size)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="192,256")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=None,
                    help="intra-op threads (default: the core count)")
    ap.add_argument("--in-ch", type=int, default=2)
    ap.add_argument("--classes", type=int, default=4)
    ap.add_argument("--width", type=int, default=16)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--upsample", choices=["bilinear", "transposed"], default="bilinear")
    a = ap.parse_args()
    torch.set_num_threads(a.threads or os.cpu_count())
    sizes = [int(s) for s in a.sizes.split(",")]
    for s in sizes:
        if s % 2 ** a.depth:
            ap.error(f"size {s} is not a multiple of 2^depth = {2 ** a.depth}")
    print(f"PyTorch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}")
    peak = matmul_peak()
    print(f"matmul peak {peak / 1e9:.1f} GFLOP/s (fp32, best of 1024^3 and 2048^3)")
    model = UNet(a.in_ch, a.classes, a.width, a.depth, a.upsample)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"U-Net in {a.in_ch}, classes {a.classes}, width {a.width}, depth {a.depth}, "
          f"{a.upsample}: {n_params:,} parameters")
    print("| image | batch | img/s | img/s (median step) | forward | backward | optimizer "
          "| GFLOP/img fwd | GFLOP/s (3×fwd) | of peak |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        rate, median, (f, b, o), flops = bench(a, size)
        achieved = 3 * flops * rate  # forward + backward ≈ 3 forwards
        print(f"| {size}² | {a.batch} | {rate:.2f} | {median:.2f} | {f * 1e3:.0f} ms | "
              f"{b * 1e3:.0f} ms | {o * 1e3:.0f} ms | {flops / 1e9:.2f} | {achieved / 1e9:.1f} | "
              f"{achieved / peak:.0%} |", flush=True)


if __name__ == "__main__":
    main()
