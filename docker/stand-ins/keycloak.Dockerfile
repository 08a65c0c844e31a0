# Stand-in for quay.io/keycloak/keycloak (built by docker/local-images.sh where no registry is reachable): the
# official layout, /opt/keycloak owned by user 1000 (group 0) and kc.sh as entrypoint, on Debian's JRE 17.
ARG BASE
FROM ${BASE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 1000 --gid 0 --home-dir /opt/keycloak --no-create-home keycloak
ARG KEYCLOAK_VERSION
LABEL org.opencontainers.image.title="Keycloak ${KEYCLOAK_VERSION} (local stand-in, Debian bookworm, OpenJDK 17)"
ENV LANG=C.UTF-8 \
    KC_RUN_IN_CONTAINER=true
COPY --chown=1000:0 keycloak /opt/keycloak
USER 1000
WORKDIR /opt/keycloak
EXPOSE 8080 8443 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
