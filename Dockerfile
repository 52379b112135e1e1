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
# Heap fixed at 768 MB (-Xms = -Xmx): `soak` used at most 240 MB of heap with 10 videos and 444 MB with 100
# (its own feeder and sink included; 2048x1024 input frames add ~40 MB each while decoding). Fixed, because
# with -Xmx2g alone G1 grew the committed heap from 396 to 854 MB late in the 100-video run, the largest
# step in its resident memory. -XX:+AlwaysPreTouch makes the whole heap resident at start: without it 270 MB of
# the committed heap were still not resident 400 frames into a soak, to be touched by G1 at any later hour;
# with it, what the container needs shows at start (README, Running for days).
# Outside the heap the process held about 1 GB in `soak` (1779 MB resident with 10 videos, 2500 frames, the broker,
# feeder and sink in the same JVM; libtorch's activations kept in the C heap for reuse, AllocatorPolicy): give the
# container 2.5 GB (compose's mem_limit).
# No MALLOC_* variable: the process sets glibc's allocator itself at start (AllocatorPolicy: libtorch's
# activations reused from the heap; a fresh page costs a fault to the hypervisor on VMs like the build machines,
# 3.3x the real-time model's frame time). Setting MALLOC_MMAP_THRESHOLD_ here would switch that off.
ENV VIDSYNTH_MODEL_DIR=/app/models/vid2vid-256x128 \
    VIDSYNTH_STATE_DIR=/var/lib/vidsynth/state \
    VIDSYNTH_HTTP_PORT=8080 \
    VIDSYNTH_HTTP_HOST=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-Xms768m -Xmx768m -XX:+AlwaysPreTouch -Dai.djl.offline=true"
VOLUME /var/lib/vidsynth/state
# the live viewer, /health/live, /health/ready and /metrics
EXPOSE 8080
# ready = model loaded and Kafka Streams RUNNING (503 before); bash's /dev/tcp, as the JRE image has no curl
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD bash -c "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"
ENTRYPOINT ["java", "-jar", "/app/vidsynth.jar"]
CMD ["run"]
