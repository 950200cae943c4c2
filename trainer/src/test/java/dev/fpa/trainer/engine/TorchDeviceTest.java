package dev.fpa.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** The --device choice for the DJL engine, with as many GPUs as each case needs (none run here). */
class TorchDeviceTest {
    @Test
    void autoTakesTheFirstGpuWhenThereIsOneElseTheCpu() {
        TorchDevice none = TorchDevice.resolve("auto", 0);
        assertEquals(Device.cpu(), none.device());
        assertTrue(none.description().contains("no GPU"), none.description());
        TorchDevice two = TorchDevice.resolve("AUTO", 2);
        assertEquals(Device.gpu(0), two.device());
        assertTrue(two.description().contains("2 GPU"), two.description());
    }

    @Test
    void namesAGpuEitherWay() {
        assertEquals(Device.cpu(), TorchDevice.resolve("cpu", 3).device());
        assertEquals(Device.gpu(0), TorchDevice.resolve("gpu", 1).device());
        assertEquals(Device.gpu(2), TorchDevice.resolve("gpu:2", 3).device());
        assertEquals(Device.gpu(1), TorchDevice.resolve("cuda:1", 2).device());
        assertEquals("gpu:1", TorchDevice.resolve("cuda:1", 2).description());
    }

    @Test
    void refusesWhatIsNotThereOrNotADevice() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TorchDevice.resolve("gpu:1", 1));
        assertTrue(missing.getMessage().contains("libtorch sees 1 GPU(s), numbered 0 to 0"), missing.getMessage());
        IllegalArgumentException cpuBuild = assertThrows(IllegalArgumentException.class,
                () -> TorchDevice.resolve("gpu", 0));
        assertTrue(cpuBuild.getMessage().contains("--device cpu"), cpuBuild.getMessage());
        for (String bad : new String[] {"gpu:x", "gpu:-1", "tpu", "gpu:1:2", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TorchDevice.resolve(bad, 4), bad);
            assertTrue(e.getMessage().startsWith("--device"), e.getMessage());
        }
    }

    /** On this machine libtorch is the CPU build: auto is the CPU, and no GPU can be named. */
    @Test
    void theCpuBuildSeesNoGpu() {
        assertEquals(Device.cpu(), TorchDevice.resolve("auto").device());
        assertThrows(IllegalArgumentException.class, () -> TorchDevice.resolve("gpu:0"));
    }
}
