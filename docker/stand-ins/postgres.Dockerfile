# Stand-in for the official postgres image (built by docker/local-images.sh where no registry is reachable):
# Debian's PostgreSQL (15 on bookworm, whatever tag it is given) behind an entrypoint that honours the official
# image's variables (postgres-entrypoint.sh).
ARG BASE
FROM ${BASE}
# The entrypoint creates the one cluster, in PGDATA, on first start; the package must not create its own.
RUN mkdir -p /etc/postgresql-common \
    && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf \
    && apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s "$(ls -d /usr/lib/postgresql/*/bin)" /usr/local/lib/postgresql-bin
LABEL org.opencontainers.image.title="PostgreSQL (local stand-in, Debian bookworm's postgresql package)"
ENV PATH=/usr/local/lib/postgresql-bin:$PATH \
    PGDATA=/var/lib/postgresql/data \
    LANG=C.UTF-8
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
