# syntax=docker/dockerfile:1
# The MDG service image: built from source with the Maven wrapper, run as a non-root user on a JRE.
#   docker build -t mdg .        (or: docker compose up --build)

# ---- build ----------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds (BuildKit, the default builder of docker compose v2).
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw && ./mvnw -B -DskipTests package \
    && cp mdg-service/target/mdg-service.jar /mdg-service.jar

# ---- run ------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system mdg \
    && useradd --system --gid mdg --home-dir /data --no-create-home --shell /usr/sbin/nologin mdg \
    && mkdir -p /data /app \
    && chown mdg:mdg /data
WORKDIR /app
COPY --from=build /mdg-service.jar /app/mdg-service.jar

# The production profile (no GraphiQL, introspection for admins only; SECURITY.md); override the roles with
# SPRING_PROFILES_ACTIVE, keeping prod.
ENV MDG_DATA_DIR=/data \
    SPRING_PROFILES_ACTIVE=command,query,edge,prod \
    AXONIQ_UPDATE_CHECKER_DISABLED=true \
    SERVER_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
VOLUME /data
USER mdg
EXPOSE 8080
# JAVA_OPTS for JVM flags (default: three quarters of the container's memory limit as heap; the embedded read store
# needs about 5 KB per stored event, see BENCHMARKS.md); arguments after the image name go to the service.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Daxoniq.update-checker.disabled=true -jar /app/mdg-service.jar \"$@\"", "--"]
