#!/usr/bin/python3
"""A PyTorch peer of `aoissl bench train`: the same MAE (aoi-t shape) written plainly in PyTorch,
timing the same training step (forward, backward, global-norm clipping, AdamW) on random images.

Model: patch 16, dim 384, depth 6, heads 6, MLP ratio 4, qkv bias, LayerNorm eps 1e-6; decoder
2 blocks x 384, 6 heads; mask ratio 0.75; 2 channels; plain-pixel loss on masked patches. Masking,
un-shuffling and the loss follow facebookresearch/mae models_mae.py. Attention is written out
(q*scale @ k^T, softmax, @ v) as timm does without a fused kernel. See README.md for how to run.
"""
import argparse
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def sincos_2d(dim, grid, cls_token):
    """MAE's get_2d_sincos_pos_embed: first half encodes the column, second half the row."""
    omega = 1.0 / 10000 ** (torch.arange(dim // 4, dtype=torch.float32) / (dim / 4))
    rows, cols = torch.meshgrid(torch.arange(grid, dtype=torch.float32),
                                torch.arange(grid, dtype=torch.float32), indexing="ij")

    def enc(pos):
        out = pos.reshape(-1, 1) * omega.reshape(1, -1)
        return torch.cat([torch.sin(out), torch.cos(out)], dim=1)

    emb = torch.cat([enc(cols), enc(rows)], dim=1)
    if cls_token:
        emb = torch.cat([torch.zeros(1, dim), emb], dim=0)
    return emb.unsqueeze(0)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        n, l, d = x.shape
        qkv = self.qkv(x).reshape(n, l, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        attn = ((q * self.scale) @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(n, l, d))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio=4.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        hidden = int(dim * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class Mae(nn.Module):
    def __init__(self, img=224, patch=16, chans=2, dim=384, depth=6, heads=6,
                 dec_dim=384, dec_depth=2, dec_heads=6, mask_ratio=0.75):
        super().__init__()
        self.patch, self.chans, self.mask_ratio = patch, chans, mask_ratio
        grid = img // patch
        self.patch_embed = nn.Conv2d(chans, dim, patch, patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.register_buffer("pos_embed", sincos_2d(dim, grid, True))
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.decoder_embed = nn.Linear(dim, dec_dim)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, dec_dim))
        self.register_buffer("decoder_pos_embed", sincos_2d(dec_dim, grid, True))
        self.decoder_blocks = nn.ModuleList([Block(dec_dim, dec_heads) for _ in range(dec_depth)])
        self.decoder_norm = nn.LayerNorm(dec_dim, eps=1e-6)
        self.decoder_pred = nn.Linear(dec_dim, patch * patch * chans)
        torch.nn.init.normal_(self.cls_token, std=0.02)
        torch.nn.init.normal_(self.mask_token, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                torch.nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
        w = self.patch_embed.weight.data
        torch.nn.init.xavier_uniform_(w.view(w.shape[0], -1))

    def patchify(self, imgs):
        p, c = self.patch, self.chans
        n, _, h, w = imgs.shape
        x = imgs.reshape(n, c, h // p, p, w // p, p)
        return torch.einsum("nchpwq->nhwpqc", x).reshape(n, (h // p) * (w // p), p * p * c)

    def forward(self, imgs):
        x = self.patch_embed(imgs).flatten(2).transpose(1, 2) + self.pos_embed[:, 1:, :]
        n, l, d = x.shape
        keep = int(l * (1 - self.mask_ratio))
        noise = torch.rand(n, l)
        ids_shuffle = torch.argsort(noise, dim=1)
        ids_restore = torch.argsort(ids_shuffle, dim=1)
        ids_keep = ids_shuffle[:, :keep]
        x = torch.gather(x, 1, ids_keep.unsqueeze(-1).expand(-1, -1, d))
        mask = torch.ones(n, l)
        mask[:, :keep] = 0
        mask = torch.gather(mask, 1, ids_restore)
        cls = (self.cls_token + self.pos_embed[:, :1, :]).expand(n, -1, -1)
        x = torch.cat([cls, x], dim=1)
        for b in self.blocks:
            x = b(x)
        x = self.decoder_embed(self.norm(x))
        dd = x.shape[2]
        mask_tokens = self.mask_token.expand(n, l - keep, -1)
        x_ = torch.cat([x[:, 1:, :], mask_tokens], dim=1)
        x_ = torch.gather(x_, 1, ids_restore.unsqueeze(-1).expand(-1, -1, dd))
        x = torch.cat([x[:, :1, :], x_], dim=1) + self.decoder_pos_embed
        for b in self.decoder_blocks:
            x = b(x)
        pred = self.decoder_pred(self.decoder_norm(x))[:, 1:, :]
        loss = ((pred - self.patchify(imgs)) ** 2).mean(dim=-1)
        return (loss * mask).sum() / mask.sum()


def matmul_peak(sizes=(1024, 2048), warmup=2, reps=5):
    best = 0.0
    for n in sizes:
        a, b = torch.rand(n, n), torch.rand(n, n)
        for i in range(warmup + reps):
            t = time.perf_counter()
            a @ b
            s = time.perf_counter() - t
            if i >= warmup:
                best = max(best, 2 * n ** 3 / s)
    return best


def bench(size, batch, warmup, steps, chans):
    torch.manual_seed(0)
    model = Mae(img=size, chans=chans)
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim == 1 or name in ("cls_token", "mask_token") else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=1e-4, betas=(0.9, 0.95))
    params = decay + no_decay
    phases = [0.0, 0.0, 0.0]
    step_times = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        imgs = torch.rand(batch, chans, size, size)
        t1 = time.perf_counter()
        loss = model(imgs)
        loss.item()
        t2 = time.perf_counter()
        loss.backward()
        t3 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        t4 = time.perf_counter()
        if i >= warmup:
            step_times.append(t4 - t0)
            phases[0] += t2 - t1
            phases[1] += t3 - t2
            phases[2] += t4 - t3
    total = sum(step_times)
    return batch * steps / total, batch / statistics.median(step_times), [p / steps for p in phases]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="224,512")
    ap.add_argument("--batch", default="8", help="one value, or one per size")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--channels", type=int, default=2)
    ap.add_argument("--threads", type=int, default=None,
                    help="intra-op threads (default: the core count)")
    a = ap.parse_args()
    import os
    torch.set_num_threads(a.threads or os.cpu_count())
    sizes = [int(s) for s in a.sizes.split(",")]
    batches = [int(b) for b in a.batch.split(",")]
    if len(batches) == 1:
        batches = batches * len(sizes)
    print(f"PyTorch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}")
    print(f"matmul peak {matmul_peak() / 1e9:.1f} GFLOP/s (fp32, best of 1024^3 and 2048^3)")
    print("| image | batch | img/s | img/s (median step) | forward | backward | optimizer |")
    print("|---|---|---|---|---|---|---|")
    for size, batch in zip(sizes, batches):
        rate, median, (f, b, o) = bench(size, batch, a.warmup, a.steps, a.channels)
        print(f"| {size}² | {batch} | {rate:.2f} | {median:.2f} | {f * 1e3:.0f} ms | "
              f"{b * 1e3:.0f} ms | {o * 1e3:.0f} ms |", flush=True)


if __name__ == "__main__":
    main()
