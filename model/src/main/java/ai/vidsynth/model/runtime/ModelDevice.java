package ai.vidsynth.model.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Where a model runs, chosen out loud: DJL on its own silently uses the CPU when its PyTorch engine has no CUDA
 * build or finds no GPU, so a service that was meant for a GPU would run 20x slower without a word.
 * {@code cpu} and {@code gpu} are demands ({@code gpu} without a CUDA device fails at start); {@code auto} takes
 * the GPU when there is one.
 */
public enum ModelDevice {
    CPU, GPU, AUTO;

    public static ModelDevice parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model.device must be cpu, gpu or auto, got " + s);
        }
    }

    /**
     * The DJL device; {@code gpu} without a CUDA device throws (an argument error: the setting cannot be honoured
     * here), naming what the engine found instead.
     */
    public Device resolve() {
        Engine engine = Engine.getEngine("PyTorch");
        int gpus = engine.getGpuCount();
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalArgumentException("model.device=gpu, but DJL's PyTorch engine " + engine.getVersion()
                            + " sees no CUDA device (its native library is a CPU build, or no GPU/driver is visible);"
                            + " put a CUDA build of libtorch on the class path or in PYTORCH_LIBRARY_PATH (README: GPU), or set model.device=cpu");
                }
                yield Device.gpu();
            }
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
