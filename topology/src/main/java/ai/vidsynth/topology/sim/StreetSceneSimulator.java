package ai.vidsynth.topology.sim;

import ai.vidsynth.model.labels.LabelFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A procedural street scene seen from a car driving forward: sky, buildings on both sides, trees, poles,
 * sidewalks, the road towards a vanishing point, and cars that drive along it. Label ids are Cityscapes'
 * (7 road, 8 sidewalk, 11 building, 17 pole, 21 vegetation, 23 sky, 26 car); instance ids are canonical
 * (stuff = its label id, car k = 26000 + k). Deterministic: the same seed and frame index always give the
 * same frame, so a simulated video can be replayed exactly. It is the input where no recorded data is at
 * hand: {@code demo} on a fresh clone, and {@code feed --simulate}.
 */
public final class StreetSceneSimulator {

    static final int ROAD = 7;
    static final int SIDEWALK = 8;
    static final int BUILDING = 11;
    static final int POLE = 17;
    static final int VEGETATION = 21;
    static final int SKY = 23;
    static final int CAR = 26;

    /** A car in a lane (world x), starting at a distance and driving at its own speed. */
    private record Car(int id, double lane, double z0, double speed) {}

    private static final double ROAD_EDGE = 1.8;
    private static final double FACADE = 4.0;
    private static final double BLOCK_LENGTH = 9;

    private final int width;
    private final int height;
    private final long seed;
    private final List<Car> cars = new ArrayList<>();
    private final double cameraSpeed;

    public StreetSceneSimulator(long seed, int width, int height) {
        this.width = width;
        this.height = height;
        this.seed = seed;
        Random r = new Random(seed);
        cameraSpeed = 0.5 + r.nextDouble() * 0.3;
        int n = 2 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            boolean oncoming = r.nextBoolean();
            cars.add(new Car(i, oncoming ? -0.9 : 0.9, 5 + r.nextDouble() * 40, oncoming ? -0.6 : 0.2 + r.nextDouble() * 0.6));
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Renders frame {@code index} with a pinhole camera one unit above the ground: a ground point at depth z
     * and lateral offset x appears at row {@code horizon + (H - horizon) / z} and column
     * {@code W/2 + x * (W/2) / z}.
     */
    public LabelFrame frame(long index) {
        byte[] labels = new byte[width * height];
        int[] inst = new int[width * height];
        int horizon = height * 2 / 5;
        double cx = width / 2.0;
        double f = width / 2.0;
        double groundScale = height - horizon;
        double camZ = index * cameraSpeed;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int label = SKY;
                double dx = x + 0.5 - cx;
                if (y > horizon) {
                    double z = groundScale / (y + 0.5 - horizon);
                    double wx = Math.abs(dx) * z / f;
                    label = wx < ROAD_EDGE ? ROAD : SIDEWALK;
                }
                // the façade plane at |x| = FACADE, seen by this column at depth zf
                if (Math.abs(dx) > 0.5) {
                    double zf = FACADE * f / Math.abs(dx);
                    double groundRow = horizon + groundScale / zf;
                    double top = horizon - (blockHeight(zf + camZ, dx < 0) - 1) * groundScale / zf;
                    if (zf < 160 && y + 0.5 >= top && y + 0.5 < groundRow) {
                        label = BUILDING;
                    }
                }
                labels[y * width + x] = (byte) label;
                inst[y * width + x] = label;
            }
        }
        // trees and poles on the sidewalks, every few metres, far to near
        double first = Math.ceil(camZ / 6) * 6;
        for (double wz = first + 90; wz >= first; wz -= 6) {
            double z = wz - camZ;
            if (z < 1.2) {
                continue;
            }
            for (boolean left : new boolean[] {true, false}) {
                int kind = (int) Math.floorMod(hash(wz, left) , 3L);
                double sx = left ? -1 : 1;
                int px = (int) (cx + sx * (kind == 0 ? 2.3 : 3.2) * f / z);
                int ground = horizon + (int) (groundScale / z);
                if (kind == 0) {
                    int top = horizon - (int) (3.5 * groundScale / z);
                    int half = Math.max(0, (int) (0.06 * f / z));
                    fill(labels, inst, px - half, top, px + half + 1, ground, POLE, POLE);
                } else if (kind == 1) {
                    int r = Math.max(1, (int) (1.3 * f / z));
                    int trunkTop = horizon - (int) (1.5 * groundScale / z);
                    fill(labels, inst, px - Math.max(0, r / 8), trunkTop, px + Math.max(1, r / 8), ground, VEGETATION, VEGETATION);
                    disc(labels, inst, px, trunkTop - r / 2, r, VEGETATION);
                }
            }
        }
        // cars on the road, far to near so nearer ones paint over
        List<double[]> boxes = new ArrayList<>();
        for (Car c : cars) {
            double z = c.z0() + index * (c.speed() - cameraSpeed);
            z = 3 + Math.floorMod((long) (z * 100), 2500) / 100.0;
            boxes.add(new double[] {z, c.lane(), c.id()});
        }
        boxes.sort((a, b) -> Double.compare(b[0], a[0]));
        for (double[] b : boxes) {
            double z = b[0];
            int px = (int) (cx + b[1] * f / z);
            int ground = horizon + (int) (groundScale / z);
            int half = Math.max(1, (int) (0.9 * f / z));
            int h = Math.max(2, (int) (1.5 * groundScale / z));
            fill(labels, inst, px - half, ground - h, px + half, ground, CAR, CAR * 1000 + (int) b[2]);
        }
        return new LabelFrame(width, height, labels, inst);
    }

    /** Height (in camera heights) of the building block at world depth wz, fixed per block and side. */
    private double blockHeight(double wz, boolean left) {
        long block = (long) Math.floor(wz / BLOCK_LENGTH);
        long h = hash(block, left);
        return 3 + Math.floorMod(h, 7L);
    }

    private long hash(double v, boolean left) {
        long x = Double.doubleToLongBits(v) * 0x9E3779B97F4A7C15L + seed * 0xBF58476D1CE4E5B9L + (left ? 1 : 2);
        x ^= x >>> 31;
        x *= 0x94D049BB133111EBL;
        return x ^ (x >>> 29);
    }

    private void fill(byte[] labels, int[] inst, int x0, int y0, int x1, int y1, int label, int id) {
        for (int y = Math.max(0, y0); y < Math.min(height, y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(width, x1); x++) {
                labels[y * width + x] = (byte) label;
                inst[y * width + x] = id;
            }
        }
    }

    private void disc(byte[] labels, int[] inst, int cx, int cy, int r, int label) {
        for (int y = cy - r; y <= cy + r; y++) {
            for (int x = cx - r; x <= cx + r; x++) {
                if (x >= 0 && y >= 0 && x < width && y < height && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                    labels[y * width + x] = (byte) label;
                    inst[y * width + x] = label;
                }
            }
        }
    }
}
