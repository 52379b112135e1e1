# The vidsynth service image: builds the project with Maven, runs `vidsynth run`.
# CPU libtorch comes from the pytorch-native-cpu jar in lib/; nothing is downloaded at run time.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY schemas schemas
COPY model model
COPY topology topology
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/topology/target/vidsynth.jar /app/vidsynth.jar
COPY --from=build /src/topology/target/lib /app/lib
COPY models /app/models
# Heap 1 GB: `soak` with 10 and with 100 videos used at most 240 MB of heap in its samples (2048x1024 input
# frames add ~40 MB each while decoding). Resident memory settled at about 1.2 GB with 10 videos and 1.4 GB
# with 100 (heap, libtorch and the weights, RocksDB): give the container 2 GB (docker-compose's mem_limit).
ENV VIDSYNTH_MODEL_DIR=/app/models/vid2vid-256x128 \
    VIDSYNTH_STATE_DIR=/var/lib/vidsynth/state \
    JAVA_TOOL_OPTIONS="-Xmx1g -Dai.djl.offline=true"
VOLUME /var/lib/vidsynth/state
ENTRYPOINT ["java", "-jar", "/app/vidsynth.jar"]
CMD ["run"]
