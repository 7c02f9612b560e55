# CPU image that runs the casebrief CLI (and, with the service extra, the HTTP API).
# No model is downloaded at build or run time: every rule, lexicon and policy ships in the package.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN pip install --no-cache-dir build && python -m build --wheel --outdir /dist

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN useradd --create-home casebrief
COPY --from=build /dist/*.whl /tmp/
RUN pip install --no-cache-dir "$(ls /tmp/*.whl)[service]" && rm /tmp/*.whl
USER casebrief
WORKDIR /home/casebrief
ENTRYPOINT ["casebrief"]
CMD ["--help"]
