package dev.fpa.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeviceTest {
    @Test
    void namesParse() {
        assertEquals(Device.AUTO, Device.parse("auto"));
        assertEquals(Device.CPU, Device.parse("CPU"));
        assertEquals(new Device(Device.Kind.CUDA, 0), Device.parse("cuda"));
        assertEquals(new Device(Device.Kind.CUDA, 3), Device.parse("cuda:3"));
        assertEquals("cuda:3", Device.parse("cuda:3").toString());
        assertEquals(new Device(Device.Kind.CUDA, 0), Device.parse("gpu"));
        assertEquals(new Device(Device.Kind.CUDA, 2), Device.parse("gpu:2"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("gpu:-1x"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("cuda:x"));
    }
}
