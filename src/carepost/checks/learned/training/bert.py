"""A BERT encoder with mean pooling and one sigmoid output per head, in plain PyTorch.

Written out (about 100 lines) instead of taken from ``transformers`` so the training group stays
small and the ONNX graph is exactly what the run time feeds: ``input_ids``, ``attention_mask``,
``token_type_ids`` (int64, ``[batch, tokens]``) in, ``probs`` (``[batch, heads]``) out. Weights
load from the base model's ``model.safetensors`` (the names of Hugging Face's ``BertModel``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import torch
from torch import nn

__all__ = ["BertClassifier", "BertConfig"]


class BertConfig:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.vocab_size = int(raw["vocab_size"])
        self.hidden = int(raw["hidden_size"])
        self.layers = int(raw["num_hidden_layers"])
        self.heads = int(raw["num_attention_heads"])
        self.intermediate = int(raw["intermediate_size"])
        self.max_positions = int(raw["max_position_embeddings"])
        self.type_vocab = int(raw.get("type_vocab_size", 2))
        self.eps = float(raw.get("layer_norm_eps", 1e-12))
        self.dropout = float(raw.get("hidden_dropout_prob", 0.1))

    @classmethod
    def from_dir(cls, path: Path) -> BertConfig:
        return cls(json.loads((path / "config.json").read_text(encoding="utf-8")))


class _Layer(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.heads = c.heads
        self.head_dim = c.hidden // c.heads
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.query = nn.Linear(c.hidden, c.hidden)
        self.key = nn.Linear(c.hidden, c.hidden)
        self.value = nn.Linear(c.hidden, c.hidden)
        self.attn_out = nn.Linear(c.hidden, c.hidden)
        self.attn_norm = nn.LayerNorm(c.hidden, eps=c.eps)
        self.inter = nn.Linear(c.hidden, c.intermediate)
        self.out = nn.Linear(c.intermediate, c.hidden)
        self.out_norm = nn.LayerNorm(c.hidden, eps=c.eps)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        def split(y: torch.Tensor) -> torch.Tensor:
            return y.reshape(y.shape[0], y.shape[1], self.heads, self.head_dim).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) * self.scale + bias
        ctx = torch.matmul(self.drop(torch.softmax(scores, dim=-1)), v)
        ctx = ctx.transpose(1, 2).reshape(x.shape)
        x = self.attn_norm(x + self.drop(self.attn_out(ctx)))
        y = self.out(nn.functional.gelu(self.inter(x)))
        return self.out_norm(x + self.drop(y))


class BertClassifier(nn.Module):
    def __init__(self, c: BertConfig, n_heads: int) -> None:
        super().__init__()
        self.word = nn.Embedding(c.vocab_size, c.hidden)
        self.position = nn.Embedding(c.max_positions, c.hidden)
        self.token_type = nn.Embedding(c.type_vocab, c.hidden)
        self.emb_norm = nn.LayerNorm(c.hidden, eps=c.eps)
        self.drop = nn.Dropout(c.dropout)
        self.layers = nn.ModuleList(_Layer(c) for _ in range(c.layers))
        self.classifier = nn.Linear(c.hidden, n_heads)

    def embed(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.position(positions) + self.token_type(token_type_ids)
        return self.drop(self.emb_norm(x))

    def encode_layers(
        self, x: torch.Tensor, attention_mask: torch.Tensor, start: int, end: int | None = None
    ) -> torch.Tensor:
        """Run layers ``start:end`` over hidden states ``x``."""
        bias = ((1.0 - attention_mask.to(x.dtype)) * -10000.0)[:, None, None, :]
        for layer in list(self.layers)[start:end]:
            x = layer(x, bias)
        return x

    def pool(self, x: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Mean over the real tokens, then the heads' logits."""
        mask = attention_mask.to(x.dtype)
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1.0)
        return self.classifier(self.drop(pooled))

    def logits(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        x = self.embed(input_ids, token_type_ids)
        return self.pool(self.encode_layers(x, attention_mask, 0), attention_mask)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        return torch.sigmoid(self.logits(input_ids, attention_mask, token_type_ids))

    def load_base(self, path: Path) -> None:
        """Copy the base encoder's weights (Hugging Face ``BertModel`` names)."""
        from safetensors.torch import load_file

        w = load_file(str(path / "model.safetensors"))
        w = {k.removeprefix("bert."): v for k, v in w.items()}
        own: dict[str, torch.Tensor] = {
            "word.weight": w["embeddings.word_embeddings.weight"],
            "position.weight": w["embeddings.position_embeddings.weight"],
            "token_type.weight": w["embeddings.token_type_embeddings.weight"],
            "emb_norm.weight": w["embeddings.LayerNorm.weight"],
            "emb_norm.bias": w["embeddings.LayerNorm.bias"],
        }
        names = {
            "query": "attention.self.query",
            "key": "attention.self.key",
            "value": "attention.self.value",
            "attn_out": "attention.output.dense",
            "attn_norm": "attention.output.LayerNorm",
            "inter": "intermediate.dense",
            "out": "output.dense",
            "out_norm": "output.LayerNorm",
        }
        for i in range(len(self.layers)):
            for mine, theirs in names.items():
                for p in ("weight", "bias"):
                    own[f"layers.{i}.{mine}.{p}"] = w[f"encoder.layer.{i}.{theirs}.{p}"]
        missing, unexpected = self.load_state_dict(own, strict=False)
        if unexpected or set(missing) - {"classifier.weight", "classifier.bias"}:
            raise ValueError(f"base weights do not fit: missing {missing}, unexpected {unexpected}")
