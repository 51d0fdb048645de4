"""Plain-PyTorch DINO probe: does facebookresearch/dino's recipe collapse on our synthetic data?

Written from DINO's main_dino.py (DINOLoss, DINOHead, multi-crop, schedules, per-parameter
gradient clipping, last-layer freeze, teacher EMA) with the hyper-parameters of our Java run
(org.aoissl.pretrain.dino, model aoi-t: ViT patch 16, dim 384, depth 6, 6 heads, 2 channels,
fixed 2-D sin-cos position embeddings). It trains on the 500 two-channel images of
/work/synth500/pretrain/image and logs, on the teacher outputs of each logged step, the loss, the
teacher's entropy/information, logit spread, CLS cosine and the RankMe of its patch tokens, both to
stdout and as JSON lines (--out).

Run (one training at a time on this 2-core machine; see README.md for the BLAS note):

    OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/peers/dino_probe.py \
        --steps 165 --teacher-temp 0.04 --seed 0 --out bench/peers/dino_probe.log.jsonl
"""
import argparse
import copy
import glob
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

DIM, DEPTH, HEADS, PATCH, CH = 384, 6, 6, 16, 2
K, HIDDEN, BOTTLENECK = 1024, 2048, 256
GLOBAL, LOCAL, N_LOCAL = 224, 96, 4
BATCH = 8


# ----------------------------------------------------------------------------- model
def sincos_2d(dim, grid):
    """MAE's get_2d_sincos_pos_embed: [grid*grid, dim], half the channels for each axis."""
    def one_axis(d, pos):
        omega = 1.0 / 10000 ** (np.arange(d // 2, dtype=np.float64) / (d / 2.0))
        out = np.einsum("m,d->md", pos.reshape(-1), omega)
        return np.concatenate([np.sin(out), np.cos(out)], axis=1)
    gw, gh = np.meshgrid(np.arange(grid, dtype=np.float64), np.arange(grid, dtype=np.float64))
    return np.concatenate([one_axis(dim // 2, gw), one_axis(dim // 2, gh)], axis=1)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(DIM, eps=1e-6), nn.LayerNorm(DIM, eps=1e-6)
        self.qkv, self.proj = nn.Linear(DIM, 3 * DIM), nn.Linear(DIM, DIM)
        self.fc1, self.fc2 = nn.Linear(DIM, 4 * DIM), nn.Linear(4 * DIM, DIM)

    def forward(self, x):
        b, n, _ = x.shape
        q, k, v = self.qkv(self.norm1(x)).reshape(b, n, 3, HEADS, DIM // HEADS).permute(2, 0, 3, 1, 4)
        a = (q @ k.transpose(-2, -1)) * (DIM // HEADS) ** -0.5
        x = x + self.proj((a.softmax(-1) @ v).transpose(1, 2).reshape(b, n, DIM))
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class ViT(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch_embed = nn.Conv2d(CH, DIM, PATCH, stride=PATCH)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, DIM))
        g = GLOBAL // PATCH
        pos = torch.cat([torch.zeros(1, DIM), torch.from_numpy(sincos_2d(DIM, g)).float()])
        self.register_buffer("pos_embed", pos.unsqueeze(0))  # fixed, CLS row zero
        self.blocks = nn.ModuleList(Block() for _ in range(DEPTH))
        self.norm = nn.LayerNorm(DIM, eps=1e-6)
        # MAE's initialize_weights
        nn.init.xavier_uniform_(self.patch_embed.weight.view(DIM, -1))
        nn.init.zeros_(self.patch_embed.bias)
        nn.init.normal_(self.cls_token, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def pos_for(self, gh, gw):
        g = GLOBAL // PATCH
        p = self.pos_embed[:, 1:]
        if (gh, gw) != (g, g):
            p = p.reshape(1, g, g, DIM).permute(0, 3, 1, 2)
            p = F.interpolate(p, size=(gh, gw), mode="bicubic", align_corners=False)
            p = p.permute(0, 2, 3, 1).reshape(1, gh * gw, DIM)
        return p

    def forward(self, x):
        """All tokens after the final norm: [B, 1 + patches, DIM]."""
        x = self.patch_embed(x)
        gh, gw = x.shape[-2:]
        x = x.flatten(2).transpose(1, 2) + self.pos_for(gh, gw)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1) + self.pos_embed[:, :1], x], 1)
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x)


class DinoHead(nn.Module):
    """3-layer MLP (GELU, no BN) -> L2 norm -> weight-normalised last layer with g fixed at 1."""

    def __init__(self):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(DIM, HIDDEN), nn.GELU(), nn.Linear(HIDDEN, HIDDEN), nn.GELU(),
                                 nn.Linear(HIDDEN, BOTTLENECK))
        for m in self.mlp:
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)
        # weight_v with PyTorch's default Linear init; g == 1 means each row is v / ||v||
        self.last_layer_v = nn.Parameter(nn.Linear(BOTTLENECK, K, bias=False).weight.detach().clone())

    def forward(self, x):
        x = F.normalize(self.mlp(x), dim=-1)
        return F.linear(x, F.normalize(self.last_layer_v, dim=1))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone, self.head = ViT(), DinoHead()

    def forward(self, views):
        """DINO's MultiCropWrapper: one backbone pass per resolution, head on the concatenated CLS."""
        cls, tokens = [], []
        for size in dict.fromkeys(v.shape[-1] for v in views):
            out = self.backbone(torch.cat([v for v in views if v.shape[-1] == size]))
            cls.append(out[:, 0])
            tokens.append(out)
        cls = torch.cat(cls)
        return self.head(cls), cls, tokens[0]


# ----------------------------------------------------------------------------- data
def load_images(root):
    files = sorted(glob.glob(os.path.join(root, "*_buffer0.png")))
    imgs = []
    for f0 in files:
        planes = []
        for f in (f0, f0.replace("_buffer0.png", "_buffer1.png")):
            a = np.array(Image.open(f))
            assert a.dtype == np.uint8, (f, a.dtype)  # 8-bit PNGs: divide by 255 later
            planes.append(a)
        imgs.append(np.stack(planes))
    return torch.from_numpy(np.stack(imgs))  # uint8 [N, 2, H, W]


def random_resized_crop(img, size, scale, ratio=(3 / 4, 4 / 3)):
    """torchvision's RandomResizedCrop parameters; bilinear (antialiased) resize."""
    _, h, w = img.shape
    for _ in range(10):
        area = h * w * random.uniform(*scale)
        r = math.exp(random.uniform(math.log(ratio[0]), math.log(ratio[1])))
        cw, ch = int(round(math.sqrt(area * r))), int(round(math.sqrt(area / r)))
        if 0 < cw <= w and 0 < ch <= h:
            i, j = random.randint(0, h - ch), random.randint(0, w - cw)
            break
    else:
        ch = cw = min(h, w)
        i, j = (h - ch) // 2, (w - cw) // 2
    crop = img[None, :, i:i + ch, j:j + cw]
    return F.interpolate(crop, size=(size, size), mode="bilinear", align_corners=False, antialias=True)[0]


def blur(img, lo=0.1, hi=2.0):
    s = random.uniform(lo, hi)
    r = max(1, math.ceil(3 * s))
    k = torch.exp(-torch.arange(-r, r + 1, dtype=torch.float32) ** 2 / (2 * s * s))
    k = (k / k.sum()).repeat(CH, 1)
    x = F.pad(img[None], (r, r, r, r), mode="reflect")
    x = F.conv2d(x, k.view(CH, 1, 1, -1), groups=CH)
    return F.conv2d(x, k.view(CH, 1, -1, 1), groups=CH)[0]


def flips_photometric(x):
    if random.random() < 0.5:
        x = x.flip(-1)
    if random.random() < 0.5:
        x = x.flip(-2)
    x = torch.rot90(x, random.randint(0, 3), (-2, -1))
    if random.random() < 0.8:
        out = []
        for c in range(CH):  # per-channel gamma (log-uniform), then contrast about the mean + brightness
            p = x[c].clamp_min(0) ** math.exp(random.uniform(math.log(0.7), math.log(1.4)))
            p = p.clamp(0, 1)
            m = p.mean()
            out.append((m + random.uniform(0.6, 1.4) * (p - m) + random.uniform(-0.1, 0.1)).clamp(0, 1))
        x = torch.stack(out)
    return x


def multi_crop(img):
    """img: float [2, H, W] in [0, 1] -> 2 global + N_LOCAL local views (still in [0, 1])."""
    g1 = blur(flips_photometric(random_resized_crop(img, GLOBAL, (0.4, 1.0))))
    g2 = flips_photometric(random_resized_crop(img, GLOBAL, (0.4, 1.0)))
    if random.random() < 0.1:
        g2 = blur(g2)
    if random.random() < 0.2:
        g2 = (g2 + random.uniform(0.01, 0.05) * torch.randn_like(g2)).clamp(0, 1)
    views = [g1, g2]
    for _ in range(N_LOCAL):
        v = flips_photometric(random_resized_crop(img, LOCAL, (0.05, 0.4)))
        views.append(blur(v) if random.random() < 0.5 else v)
    return views


# ----------------------------------------------------------------------------- training helpers
def cosine(start, end, it, total, warmup=0):
    if it < warmup:
        return start * it / max(1, warmup - 1)  # np.linspace(0, start, warmup)[it], as DINO
    t = (it - warmup) / max(1, total - warmup)
    return end + 0.5 * (start - end) * (1 + math.cos(math.pi * t))


def entropy(p):
    return -(p * torch.log(p.clamp_min(1e-30))).sum(-1)


def rank_me(z, eps=1e-7):
    s = torch.linalg.svdvals(z.double())
    p = s / s.sum() + eps
    return math.exp(-(p * torch.log(p)).sum().item())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=165)
    ap.add_argument("--teacher-temp", type=float, default=0.04)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "dino_probe.log.jsonl"))
    ap.add_argument("--data", default="/work/synth500/pretrain/image")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed), np.random.seed(args.seed), torch.manual_seed(args.seed)

    data = load_images(args.data)
    n = len(data)
    sample = data[torch.randperm(n)[:50]].float() / 255
    mean, std = sample.mean((0, 2, 3)).view(CH, 1, 1), sample.std((0, 2, 3)).view(CH, 1, 1)
    print(f"{n} images {tuple(data.shape[1:])}, channel mean {mean.flatten().tolist()} std {std.flatten().tolist()}")

    student = Net()
    teacher = copy.deepcopy(student)
    for p in teacher.parameters():
        p.requires_grad_(False)
    decay = [p for nme, p in student.named_parameters() if p.ndim > 1 and "token" not in nme]
    no_decay = [p for nme, p in student.named_parameters() if p.ndim <= 1 or "token" in nme]
    opt = torch.optim.AdamW([{"params": decay}, {"params": no_decay, "weight_decay": 0.0}], betas=(0.9, 0.999))
    last_layer = [p for nme, p in student.named_parameters() if "last_layer" in nme]

    steps, tau_s, tau_t = args.steps, 0.1, args.teacher_temp
    lr_peak, min_lr, warmup = 5e-3 * BATCH / 256, 1e-6, int(0.1 * steps)
    center = torch.zeros(1, K)
    log_steps = {1, steps, 63, 100} | set(range(5, steps + 1, 5))
    order, t0 = [], time.time()
    out = open(args.out, "w")
    for it in range(steps):
        while len(order) < BATCH:  # reshuffle each epoch; a batch may straddle two epochs
            order += torch.randperm(n).tolist()
        idx, order = order[:BATCH], order[BATCH:]
        per_image = [multi_crop(data[i].float() / 255) for i in idx]
        views = [(torch.stack([pi[v] for pi in per_image]) - mean) / std for v in range(2 + N_LOCAL)]

        lr = cosine(lr_peak, min_lr, it, steps, warmup)
        for g in opt.param_groups:
            g["lr"] = lr
        opt.param_groups[0]["weight_decay"] = cosine(0.04, 0.4, it, steps)

        with torch.no_grad():
            t_out, t_cls, t_tokens = teacher(views[:2])
        s_out = student(views)[0]

        # DINOLoss
        q = F.softmax((t_out - center) / tau_t, dim=-1)
        log_p = F.log_softmax(s_out / tau_s, dim=-1)
        q_chunks, p_chunks = q.chunk(2), log_p.chunk(2 + N_LOCAL)
        terms = [(-q_chunks[iq] * p_chunks[v]).sum(-1).mean()
                 for iq in range(2) for v in range(2 + N_LOCAL) if v != iq]
        loss = sum(terms) / len(terms)

        opt.zero_grad()
        loss.backward()
        for p in student.parameters():  # utils.clip_gradients: per parameter, norm 3
            if p.grad is not None:
                coef = 3.0 / (p.grad.norm() + 1e-6)
                if coef < 1:
                    p.grad.mul_(coef)
        if it * BATCH < n:  # utils.cancel_gradients_last_layer during the first epoch
            for p in last_layer:
                p.grad = None
        opt.step()

        with torch.no_grad():
            m = cosine(0.996, 1.0, it, steps)
            for ps, pt in zip(student.parameters(), teacher.parameters()):
                pt.mul_(m).add_(ps.detach(), alpha=1 - m)
            old_center = center
            center = center * 0.9 + t_out.mean(0, keepdim=True) * 0.1

        step = it + 1
        if step in log_steps:
            with torch.no_grad():
                rows = t_out.shape[0]
                h = entropy(q).mean().item()
                hm = entropy(q.mean(0)).item()
                c = F.normalize(t_cls, dim=-1)
                cos = ((c @ c.T).sum() - rows) / (rows * (rows - 1))
                secs = time.time() - t0
                rec = {"step": step, "teacherTemp": tau_t, "loss": loss.item(), "teacherEntropy": h,
                       "teacherMarginalEntropy": hm,
                       "teacherInformation": (hm - h) / math.log(min(K, rows)),
                       "teacherLogitSpread": (t_out / tau_t).std(0, unbiased=False).mean().item(),
                       "teacherClsCosine": cos.item(),
                       "rankMe": rank_me(t_tokens[:, 1:].reshape(-1, DIM)),
                       "lr": lr, "momentum": m, "centerNorm": old_center.norm().item(),
                       "seconds": secs, "imagesPerSec": step * BATCH / secs}
            print(json.dumps({k: round(v, 5) if isinstance(v, float) else v for k, v in rec.items()}), flush=True)
            out.write(json.dumps(rec) + "\n")
            out.flush()
    out.close()


if __name__ == "__main__":
    main()
