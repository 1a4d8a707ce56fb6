# One image for every KubeChat role (gateway, audit, nlp; the Helm chart
# picks with --roles). The web UI and migrations are embedded in the binary.
# Build: docker build -t kubechat:0.1.0 .
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p kubechat \
 && install -D -m 0755 target/release/kubechat /out/kubechat

# glibc and CA certificates, no shell, non-root (uid 65532).
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/kubechat /usr/local/bin/kubechat
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/kubechat"]
CMD ["serve", "--listen", "0.0.0.0:8080", "--data-dir", "/var/lib/kubechat"]
