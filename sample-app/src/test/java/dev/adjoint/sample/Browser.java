package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver packages), driven through the
 * installed chromedriver with Selenium. Missing programs fail the test with the command that
 * installs them: the page test never skips.
 */
final class Browser implements AutoCloseable {
  static final String INSTALL = "apt-get install -y chromium chromium-driver";
  // Selenium warns that it has no DevTools protocol classes for this Chromium: the test uses none.
  private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

  static {
    SELENIUM.setLevel(Level.SEVERE);
  }

  private final ChromeDriver driver;

  Browser(Path profile) {
    Path chromium = program("chromium", "/usr/bin/chromium");
    Path chromedriver = program("chromedriver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setPageLoadTimeout(java.time.Duration.ofSeconds(60));
    options.setBinary(chromium.toFile());
    // No network here: nothing in the background may try to reach one.
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
        .withSilent(true).build();
    driver = new ChromeDriver(service, options);
  }

  /** A program given as a system property, found on the PATH, or at its Debian location; else the test fails. */
  private static Path program(String name, String debianPath) {
    String property = System.getProperty(name);
    if (property != null) {
      if (Files.isExecutable(Path.of(property))) {
        return Path.of(property);
      }
      return fail("-D" + name + "=" + property + " is not an executable file; install Chromium with '" + INSTALL
          + "' (Debian; as root) or pass the path of " + name);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    Path debian = Path.of(debianPath);
    if (Files.isExecutable(debian)) {
      return debian;
    }
    return fail("the review page is tested in a real headless Chromium, but '" + name + "' is not installed:"
        + " run '" + INSTALL + "' (Debian; as root), or pass -D" + name + "=/path/to/" + name);
  }

  /**
   * Opens the page and waits until it and every image have loaded or failed. get() returns after the load event,
   * but an image was still pending then in two of six full test runs on
   * 2026-12-07): the test waits up to {@link #LOAD_SECONDS} for it instead of failing at once.
   */
  void open(Path page) {
    driver.get(page.toUri().toString());
    long deadline = System.nanoTime() + LOAD_SECONDS * 1_000_000_000L;
    while (!Boolean.TRUE.equals(script(
        "return document.readyState === 'complete' && Array.from(document.images).every(i => i.complete);"))) {
      if (System.nanoTime() > deadline) {
        fail(page + " had not finished loading " + LOAD_SECONDS + " s after the browser said it had");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for " + page + " to load");
      }
    }
  }

  /** How long open() waits for a page's images after the load event. */
  private static final long LOAD_SECONDS = 10;

  /** Runs JavaScript in the page and returns its result. */
  Object script(String js) {
    return ((JavascriptExecutor) driver).executeScript(js);
  }

  /** The console's errors (and the browser's own, such as a file that failed to load) since the last call. */
  List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
