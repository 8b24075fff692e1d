# tarjama HTTP service.
#
#   CPU (default):     docker build -t tarjama .
#   CUDA:              docker build --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu128 -t tarjama:cuda .
#                      docker run --gpus all -p 8000:8000 tarjama:cuda
#   Models baked in:   docker build --build-arg PULL_MODELS=1 -t tarjama:models .
#                      (add --build-arg PULL_SUMMARY_MODELS=1 for the abstractive summary models)
#   Run:               docker run -p 8000:8000 -e TARJAMA_API_KEYS=true -v tarjama-data:/var/lib/tarjama tarjama
#   Stop:              docker stop (SIGTERM): requests in flight finish, new ones get 503, exit 0
#
# Settings are TARJAMA_* environment variables (see .env.example; `tarjama config` in the container).
# Models (and their CTranslate2 conversions) live in /opt/tarjama, inside the image; the volume
# /var/lib/tarjama holds only the data a deployment keeps (API keys, translation memory), so
# mounting it never hides baked-in models.
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
    TARJAMA_CACHE_DIR=/opt/tarjama/cache \
    HF_HOME=/opt/tarjama/cache/hf \
    TARJAMA_KEYS_DB=/var/lib/tarjama/keys.sqlite \
    TARJAMA_CACHE_PATH=/var/lib/tarjama/translation-memory.sqlite \
    LD_LIBRARY_PATH=/usr/local/lib/python3.11/site-packages/nvidia/cublas/lib:/usr/local/lib/python3.11/site-packages/nvidia/cudnn/lib

# LD_LIBRARY_PATH: CTranslate2 loads cuBLAS and cuDNN by name; in the CUDA variant they come in
# torch's nvidia-* wheels (absent, and harmless, on CPU).
RUN groupadd --system --gid 10001 tarjama \
    && useradd --system --uid 10001 --gid tarjama --home-dir /var/lib/tarjama --shell /usr/sbin/nologin tarjama \
    && mkdir -p /var/lib/tarjama /opt/tarjama/cache \
    && chown tarjama:tarjama /var/lib/tarjama /opt/tarjama/cache

WORKDIR /app

# Torch first (the largest layer, and the one the CPU/CUDA choice changes), then the project.
RUN pip install "torch==${TORCH_VERSION}" --index-url "${TORCH_INDEX}"
COPY pyproject.toml README.md ./
COPY models ./models
COPY service ./service
COPY batch ./batch
# batch: tqdm (progress bars) and `tarjama batch` for jobs; documents: the readers of /v1/documents.
RUN pip install './[service,batch,documents]'

USER 10001:10001

# Models baked into the image at build time (network needed then, not at run time).
RUN if [ "${PULL_MODELS}" = "1" ]; then \
        if [ "${PULL_SUMMARY_MODELS}" = "1" ]; then tarjama models pull --summary; else tarjama models pull; fi; \
    fi
# With baked-in models the container never reaches for the hub.
ENV TARJAMA_OFFLINE=${PULL_MODELS}

VOLUME ["/var/lib/tarjama"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["tarjama", "serve", "--host", "0.0.0.0", "--port", "8000"]
