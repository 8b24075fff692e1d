# tarjama HTTP service.
#
#   CPU (default):     docker build -t tarjama .
#   CUDA:              docker build --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu128 -t tarjama:cuda .
#                      docker run --gpus all -p 8000:8000 tarjama:cuda
#   Models baked in:   docker build --build-arg PULL_MODELS=1 -t tarjama:models .
#                      (add --build-arg PULL_SUMMARY_MODELS=1 for the abstractive summary models)
#   Run:               docker run -p 8000:8000 -e TARJAMA_API_KEYS=true -v tarjama-data:/var/lib/tarjama tarjama
#
# Settings are TARJAMA_* environment variables (see service/settings.py and models/settings.py).
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

ARG TORCH_VERSION=2.13.0
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ARG PULL_MODELS=0
ARG PULL_SUMMARY_MODELS=0

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TARJAMA_CACHE_DIR=/var/lib/tarjama \
    HF_HOME=/var/lib/tarjama/hf

RUN groupadd --system --gid 10001 tarjama \
    && useradd --system --uid 10001 --gid tarjama --home-dir /var/lib/tarjama --shell /usr/sbin/nologin tarjama \
    && mkdir -p /var/lib/tarjama \
    && chown tarjama:tarjama /var/lib/tarjama

WORKDIR /app

# Torch first (the largest layer, and the one the CPU/CUDA choice changes), then the project.
RUN pip install "torch==${TORCH_VERSION}" --index-url "${TORCH_INDEX}"
COPY pyproject.toml README.md ./
COPY models ./models
COPY service ./service
COPY batch ./batch
RUN pip install '.[service,batch,documents]'

USER tarjama

# Models baked into the image at build time (network needed then, not at run time).
RUN if [ "${PULL_MODELS}" = "1" ]; then \
        if [ "${PULL_SUMMARY_MODELS}" = "1" ]; then tarjama models pull --summary; else tarjama models pull; fi; \
    fi
# With baked-in models the container never reaches for the hub.
ENV TARJAMA_OFFLINE=${PULL_MODELS}

VOLUME ["/var/lib/tarjama"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)" || exit 1
CMD ["tarjama", "serve", "--host", "0.0.0.0", "--port", "8000"]
