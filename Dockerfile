# syntax=docker/dockerfile:1
# The sessionkeys image for people with Docker: one image for the CLI and the operator.
#   docker build -t sessionkeys/sessionkeys:0.1.0 .
#   docker run --rm -i sessionkeys/sessionkeys:0.1.0 check - < secrets.yaml
#   docker run --rm -v "$PWD:/work" -w /work sessionkeys/sessionkeys:0.1.0 init
#   (the Helm chart runs it with args ["operator"])
# Without Docker, `./mvnw -B -pl packaging -am -Pimage verify` builds the same kind of image with jib into an OCI
# tarball from the same base recipe (packaging/src/image/build-rootfs.sh). docs/install.md has the details.

# ---- build: the CLI jar and its libraries, then a trimmed runtime and the libraries it links --------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl cli -am package -DskipTests -Dpit.skip -Dspotbugs.skip -Djacoco.skip -Dspotless.check.skip
RUN sh packaging/src/image/build-rootfs.sh "$JAVA_HOME" /rootfs \
 && mkdir -p /rootfs/app \
 && cp cli/target/sessionkeys.jar /rootfs/app/ \
 && cp -R cli/target/lib /rootfs/app/lib

# ---- runtime: nothing but the runtime, the jars, glibc & co., and a non-root user --------------------------------
FROM scratch
COPY --from=build /rootfs/ /
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
LABEL org.opencontainers.image.title="sessionkeys" \
      org.opencontainers.image.description="Generate, check, apply, rotate and encrypt the session keys of self-hosted web apps on Kubernetes." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="scratch"
ENV PATH=/opt/java/bin JAVA_HOME=/opt/java HOME=/tmp
# Numeric, so that Kubernetes can check runAsNonRoot; the chart sets the same runAsUser/runAsGroup.
USER 65532:65532
WORKDIR /tmp
# Read-only root file system friendly: no perf-data file in /tmp; the chart mounts an emptyDir at /tmp anyway.
ENTRYPOINT ["/opt/java/bin/java", "-XX:-UsePerfData", "-XX:MaxRAMPercentage=75", "-Xshare:auto", \
            "-jar", "/app/sessionkeys.jar"]
