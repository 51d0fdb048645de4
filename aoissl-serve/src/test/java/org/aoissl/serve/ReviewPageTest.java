package org.aoissl.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.BankImage;
import org.aoissl.retrieval.MemoryBank;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The review page in headless Chromium: segment an image, paint a correction, add it to the bank, and
 * see the bank's version rise and the corrected mask stored. Skipped, saying why, without Debian's
 * chromium and chromium-driver (CI installs them).
 */
class ReviewPageTest {
  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File DRIVER = new File("/usr/bin/chromedriver");

  @TempDir Path dir;

  @Test
  void aCorrectionPaintedOnThePageTeachesTheBank() throws Exception {
    Assumptions.assumeTrue(CHROMIUM.canExecute() && DRIVER.canExecute(),
        "needs /usr/bin/chromium and /usr/bin/chromedriver (Debian packages chromium, chromium-driver)");
    Path bank = ServeFixture.bank(dir);
    List<Path> channels = ServeFixture.channelPngs(Files.createDirectories(dir.resolve("q")), "q1", 10);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
        .usingAnyFreePort().build();
    try (InspectionServer s = InspectionServer.start(ServeConfig.of(Map.of("b", bank)), l -> { })) {
      WebDriver driver = new ChromeDriver(service, options);
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        driver.get("http://127.0.0.1:" + s.port() + "/");
        wait.until(d -> "1".equals(body(d).getDomAttribute("data-version")));
        assertThat(new Select(driver.findElement(By.id("bank"))).getFirstSelectedOption().getText()).isEqualTo("b");

        driver.findElement(By.id("file")).sendKeys(channels.get(0) + "\n" + channels.get(1));
        wait.until(d -> "1".equals(body(d).getDomAttribute("data-segmented")));
        assertThat(driver.findElements(By.cssSelector("canvas.overlay"))).hasSize(2);
        long before = wirePixels(driver);

        // Paint a wire stroke across the first channel with a 5-pixel brush.
        new Select(driver.findElement(By.id("paint-class"))).selectByVisibleText("wire");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
            "const s = document.getElementById('size'); s.value = 5; s.dispatchEvent(new Event('input'));");
        WebElement canvas = driver.findElements(By.cssSelector("canvas.overlay")).get(0);
        int w = canvas.getSize().getWidth();
        int h = canvas.getSize().getHeight();
        new Actions(driver).moveToElement(canvas, -w / 3, -h / 3).clickAndHold().moveByOffset(w / 2, h / 2)
            .moveByOffset(w / 8, 0).release().perform();
        wait.until(d -> wirePixels(d) > before);
        long painted = wirePixels(driver);
        assertThat(driver.findElement(By.id("undo")).isEnabled()).isTrue();

        driver.findElement(By.id("add")).click();
        wait.until(d -> "2".equals(body(d).getDomAttribute("data-version"))
            && "2".equals(body(d).getDomAttribute("data-segmented-version")));
        assertThat(driver.findElement(By.id("status")).getText()).contains("added to b as v2");
        assertThat(driver.findElements(By.cssSelector("#versions li"))).hasSize(2);
        Files.write(Path.of("target", "review-page.png"),
            ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        // The bank on disk holds the image with exactly the mask the page showed after painting.
        MemoryBank b = BankFile.read(bank);
        BankImage added = b.images().stream().filter(im -> im.id().equals("q1")).findFirst().orElseThrow();
        assertThat(added.mask().count(0)).isEqualTo(painted);
      } finally {
        driver.quit();
      }
    }
  }

  private static WebElement body(WebDriver d) {
    return d.findElement(By.tagName("body"));
  }

  private static long wirePixels(WebDriver d) {
    List<WebElement> cells = d.findElements(By.cssSelector("#counts tr[data-class=wire] td"));
    return cells.size() < 2 ? -1 : Long.parseLong(cells.get(1).getText());
  }
}
