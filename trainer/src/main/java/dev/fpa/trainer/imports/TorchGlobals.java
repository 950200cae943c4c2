package dev.fpa.trainer.imports;

import dev.fpa.trainer.imports.RestrictedUnpickler.PickleCallable;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only globals a checkpoint pickle may name: OrderedDict, torch's tensor rebuild functions and the typed storage
 * classes. Everything else, notably anything that runs code (os.system, builtins.eval, torch.storage._load_from_bytes,
 * which unpickles nested bytes), is absent and so refused by {@link RestrictedUnpickler}.
 */
final class TorchGlobals {
    /** "module.name" to the Java stand-in for that global. */
    static final Map<String, Object> ALLOWED = allowed();

    private TorchGlobals() {
    }

    private static Map<String, Object> allowed() {
        Map<String, Object> globals = new HashMap<>();
        globals.put("collections.OrderedDict", (PickleCallable) TorchGlobals::orderedDict);
        globals.put("torch._utils._rebuild_tensor", (PickleCallable) TorchGlobals::rebuildTensor);
        globals.put("torch._utils._rebuild_tensor_v2", (PickleCallable) TorchGlobals::rebuildTensor);
        globals.put("torch._utils._rebuild_parameter", (PickleCallable) TorchGlobals::rebuildParameter);
        for (StorageType type : StorageType.values()) {
            globals.put(type.pythonName(), type);
        }
        return Map.copyOf(globals);
    }

    /** {@code OrderedDict()}: the entries follow through SETITEMS, which keep their order. */
    private static Object orderedDict(List<Object> args) throws IOException {
        if (!args.isEmpty()) {
            throw new IOException("OrderedDict is only supported without arguments, got " + args.size());
        }
        return new LinkedHashMap<>();
    }

    /**
     * {@code _rebuild_tensor(storage, offset, size, stride)} and {@code _rebuild_tensor_v2}, which adds
     * requires_grad, backward hooks and sometimes metadata: none of those matter for the values.
     */
    private static Object rebuildTensor(List<Object> args) throws IOException {
        if (args.size() < 4) {
            throw new IOException("a tensor needs storage, offset, size and stride, got " + args.size() + " arguments");
        }
        return TensorRef.of(args.get(0), args.get(1), args.get(2), args.get(3));
    }

    /** {@code _rebuild_parameter(tensor, requires_grad, backward_hooks)}: a parameter loads as its tensor. */
    private static Object rebuildParameter(List<Object> args) throws IOException {
        if (args.isEmpty() || !(args.get(0) instanceof TensorRef tensor)) {
            throw new IOException("a parameter must wrap a tensor");
        }
        return tensor;
    }
}
