package dev.fpa.runtime.setup;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.fpa.runtime.generate.OnnxSession;
import dev.fpa.runtime.metrics.FrechetDistance;
import dev.fpa.runtime.zoo.ModelZoo;
import dev.fpa.runtime.zoo.ZooEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What the inference side finds on this machine: ONNX Runtime and its providers, the FID kernels, the zoos. */
public final class RuntimeSetup {

    private RuntimeSetup() {
    }

    public static List<Finding> report() {
        List<Finding> out = new ArrayList<>();
        out.add(Finding.ok("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vendor") + "), max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB"));
        out.add(Finding.ok("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores"));
        out.add(onnxRuntime());
        out.add(Finding.ok("FID kernels", FrechetDistance.kernels()));
        out.addAll(zoos());
        return out;
    }

    private static Finding onnxRuntime() {
        try {
            OrtEnvironment env = OnnxSession.environment();
            String providers = OrtEnvironment.getAvailableProviders().stream().map(OrtProvider::getName)
                    .collect(Collectors.joining(", "));
            boolean cuda = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
            return Finding.ok("ONNX Runtime", env.getVersion() + "; execution providers: " + providers
                    + (cuda ? "" : " (the CPU build: no CUDA provider)"));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return Finding.problem("ONNX Runtime", "does not load: " + e.getMessage());
        }
    }

    private static List<Finding> zoos() {
        List<Finding> out = new ArrayList<>();
        Path local = ModelZoo.defaultLocalFolder();
        if (!Files.isDirectory(local)) {
            out.add(Finding.ok("user zoo", local + " (none yet; 'fpa zoo add' creates it)"));
        }
        try {
            for (ModelZoo zoo : ModelZoo.all()) {
                if (zoo.entries().isEmpty() && !Files.isDirectory(local) && zoo.location().equals(local.toString())) {
                    continue;
                }
                List<String> broken = zoo.verify();
                String models = zoo.entries().stream().map(ZooEntry::name).collect(Collectors.joining(", "));
                out.add(broken.isEmpty()
                        ? Finding.ok("zoo " + zoo.location(), zoo.entries().size() + " models, every checksum "
                                + "matches: " + models)
                        : Finding.problem("zoo " + zoo.location(), String.join("; ", broken)));
            }
        } catch (IOException | RuntimeException e) {
            out.add(Finding.problem("zoo", e.getMessage()));
        }
        return out;
    }
}
