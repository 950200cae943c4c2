package dev.fpa.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.testing.OptionalRequirement;
import dev.fpa.server.inference.ModelBatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real browser (Debian's headless Chromium, driven by Selenium): it lists the models, paints
 * a seed live from the event stream until {@code done}, and the painted picture is not blank. A screenshot goes to
 * {@code target/demo-page.png}.
 */
class DemoPageBrowserTest {
    @Test
    void paintsLiveInABrowser() throws Exception {
        Path[] chromium = OptionalRequirement.chromiumAndDriver();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium[0].toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=1200,1400");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromium[1].toFile())
                .usingAnyFreePort().build();
        try (RunningServer server = RunningServer.start(new ModelBatcher.Limits(64, 5, 1024, 256, 2), "fmnist-v2",
                "fmnist-v2-unet")) {
            WebDriver browser = new ChromeDriver(service, options);
            try {
                browser.get(server.url("/"));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.until(d -> "ready".equals(d.findElement(By.id("status")).getAttribute("data-state")));
                Select model = new Select(browser.findElement(By.id("model")));
                assertEquals(2, model.getOptions().size());
                model.selectByValue("fmnist-v2-unet");
                browser.findElement(By.id("seed")).clear();
                browser.findElement(By.id("seed")).sendKeys("5");
                browser.findElement(By.id("paint")).click();
                wait.until(d -> "done".equals(d.findElement(By.id("status")).getAttribute("data-state")));
                wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                        "const i = document.getElementById('painting'); return i.complete && i.naturalWidth > 0;")));
                Number spread = (Number) ((JavascriptExecutor) browser).executeScript(
                        "const img = document.getElementById('painting');"
                        + "const c = document.createElement('canvas'); c.width = img.naturalWidth;"
                        + " c.height = img.naturalHeight; const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
                        + "const p = g.getImageData(0, 0, c.width, c.height).data; let lo = 255, hi = 0;"
                        + "for (let i = 0; i < p.length; i += 4) { lo = Math.min(lo, p[i]); hi = Math.max(hi, p[i]); }"
                        + "return hi - lo;");
                assertTrue(spread.intValue() > 64, "the painting is blank (grey levels span " + spread + ")");
                assertTrue(browser.findElement(By.id("painting")).getAttribute("src").startsWith("data:image/png"));
                Path shot = Path.of("target", "demo-page.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            } finally {
                browser.quit();
            }
        }
    }
}
