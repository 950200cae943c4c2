package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/**
 * Base of the blocks that mirror a torch.nn.Module. Children and parameters are registered under their
 * torch attribute names and in torch's registration order, so a state dict maps onto them by name
 * (see {@link StateDictLoader}). Every parameter shape is fixed by the constructor, so initialisation
 * needs no input shapes.
 */
public abstract class TorchModule extends AbstractBlock {

    /** A trainable parameter, as torch's nn.Parameter. */
    protected final Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer init) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape)
                .optInitializer(init).build());
    }

    /** A state-dict entry that is not trained, as torch's register_buffer. */
    protected final Parameter buffer(String name, Shape shape, Initializer init) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(shape)
                .optInitializer(init).optRequiresGrad(false).build());
    }

    /** Whether a state-dict entry is a buffer (see {@link #buffer}) rather than a parameter. */
    public static boolean isBuffer(Parameter p) {
        return p.getType() == Parameter.Type.OTHER;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // Children own fixed shapes, so they ignore the input shapes handed down.
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    /** Found by a forward pass on zeros: the shapes follow from the layer arithmetic of each subclass. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList zeros = new NDList();
            for (Shape shape : inputShapes) {
                zeros.add(manager.zeros(shape));
            }
            return forward(new ParameterStore(manager, false), zeros, false).getShapes();
        }
    }

    /**
     * Hands an array computed from parameters to the activation's manager. Results of ops on a parameter
     * otherwise belong to the model's manager and would pile up there, one set per call.
     */
    protected static NDArray ownedLike(NDArray activation, NDArray derived) {
        derived.attach(activation.getManager());
        return derived;
    }

    /** A per-channel parameter vector (C) as a (1, C, 1, 1) view owned by the activation's manager. */
    protected static NDArray channelMap(NDArray vector, NDArray activation) {
        return ownedLike(activation, vector.reshape(1, vector.size(), 1, 1));
    }
}
