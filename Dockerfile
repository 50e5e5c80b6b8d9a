# syntax=docker/dockerfile:1
# Tidemark images, built from this repository (docker compose builds both targets):
#   server: the Vert.x server (-all jar)          docker build --target server -t tidemark/server .
#   agent:  the ingest agent CLI, tidemark-agent  docker build --target agent  -t tidemark/agent .

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# the cache mount keeps downloaded dependencies between builds
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl server,ingest-agent -am package -DskipTests -Dspotless.check.skip \
 && cp server/target/tidemark-server-*-all.jar /tidemark-server.jar \
 && cp ingest-agent/target/tidemark-ingest-agent-*-all.jar /tidemark-agent.jar

FROM eclipse-temurin:17-jre-jammy AS runtime
# Chronicle Queue's flags for Java 17: the root pom's chronicle.jvm.flags, verbatim
# (DeployShapeTest keeps the two in step). Not TIDEMARK_*: the server refuses unknown keys there.
ENV CHRONICLE_JVM_FLAGS="--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED -Dchronicle.analytics.disable=true"
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/tidemark tidemark \
 && mkdir -p /var/lib/tidemark /var/lib/tidemark-agent /etc/tidemark \
 && chown tidemark /var/lib/tidemark /var/lib/tidemark-agent

FROM runtime AS server
COPY --from=build /tidemark-server.jar /opt/tidemark/tidemark-server.jar
# the default heap and memory caps, as bin/tidemark-server gives them; JAVA_OPTS comes after them
# and overrides (e.g. JAVA_OPTS=-Xmx1g)
COPY bin/tidemark-server.jvm /opt/tidemark/tidemark-server.jvm
USER tidemark
WORKDIR /var/lib/tidemark
EXPOSE 8470
ENTRYPOINT ["sh", "-c", "exec java @/opt/tidemark/tidemark-server.jvm $CHRONICLE_JVM_FLAGS $JAVA_OPTS -jar /opt/tidemark/tidemark-server.jar \"$@\"", "tidemark-server"]

FROM runtime AS agent
COPY --from=build /tidemark-agent.jar /opt/tidemark/tidemark-agent.jar
RUN printf '#!/bin/sh\nexec java $CHRONICLE_JVM_FLAGS $JAVA_OPTS -jar /opt/tidemark/tidemark-agent.jar "$@"\n' \
      > /usr/local/bin/tidemark-agent \
 && chmod 755 /usr/local/bin/tidemark-agent
USER tidemark
WORKDIR /var/lib/tidemark-agent
CMD ["tidemark-agent", "run", "--config", "/etc/tidemark/agent.properties"]
