package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.KeycloakServer;

/**
 * The steward console in a real browser (Debian's headless Chromium through chromedriver) against the real Keycloak
 * login page and the running service: the ERP client submits a bank-account change; supplier steward sam signs in,
 * finds it in his inbox, sees the diff, approves it with a verification note and then cannot approve it again nor
 * decide his own proposal (the decision view shows the approval steps: his check done, the finance controller's
 * release awaited); he signs out, finance controller fay releases it, the record page shows the new account with its lineage
 * (and, as of before, the old one); auditor audrey filters the trail by the change request and downloads the CSV.
 * The duplicates view, for items (item steward ian) and suppliers (sam), with another domain's merge refused. The
 * consumers view (admin ada): a pull and a push consumer, the push consumer's parked deliveries replayed one record
 * and then all, what it has of the records before and after; a steward does not get the view.
 * Screenshots of the main pages go to {@code target/console-screenshots/}; the browser's console must stay free of
 * errors from the console's pages.
 *
 * <p>Browser and driver: {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian's {@code chromium} and
 * {@code chromium-driver}, installed by {@code .ci/run}); other paths through the system properties
 * {@code mdg.chromium.binary} and {@code mdg.chromedriver}. Where they are missing the test is skipped with the
 * command that installs them, unless {@code -Dmdg.console.required=true} (.ci/run), which fails it instead.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ConsoleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) {
              submitSupplier(input: $input) { outcome goldenId changeRequestId errors { field code } }
            }""";
    private static final String PROPOSE = """
            mutation($input: ProposeChangeInput!) { proposeChange(input: $input) { id } }""";
    private static final String INBOX = """
            { changeRequests(filter: {awaitingMyDecision: true, status: PENDING}) { edges { node { id } } } }""";
    private static final String APPROVE = """
            mutation($id: ID!) { approveChangeRequest(id: $id, verificationNote: "call-back on the number on file") {
                status } }""";
    private static final String ACCOUNT = """
            query($id: ID!) { supplier(id: $id) { bankAccount { accountNumber } } }""";
    private static final String PENDING = """
            query($id: ID!) { supplier(id: $id) { changeRequests(status: PENDING) { id requestedBy { name } } } }""";
    private static final String SUBMIT_ITEM = """
            mutation($input: ItemSubmissionInput!) {
              submitItem(input: $input) { outcome goldenId errors { field code } }
            }""";
    private static final String CANDIDATES = """
            { duplicateCandidates(type: SUPPLIER) { recordId candidateId } }""";
    private static final String REGISTER = """
            mutation($input: ConsumerInput!) { registerConsumer(input: $input) { consumerId } }""";
    private static final String PARKED = """
            query($consumer: ID!) { parkedDeliveries(consumer: $consumer) { seq recordId } }""";
    private static final String DELIVERED = """
            query($consumer: ID!, $ids: [ID!]!) {
              deliveredVersions(consumer: $consumer, type: SUPPLIER, ids: $ids) { recordId version } }""";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;
    private static String console;

    private WebDriver browser;
    private WebDriverWait wait;
    private Path downloads;
    private final List<LogEntry> browserLog = new ArrayList<>();

    /** Where Chromium and its driver are; {@code mdg.console.required=true} (set by .ci/run) fails instead of skipping. */
    private static final String BINARY = System.getProperty("mdg.chromium.binary", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("mdg.chromedriver", "/usr/bin/chromedriver");

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(Path.of(BINARY)) || !Files.isExecutable(Path.of(DRIVER))) {
            String message = "The console's browser test needs Chromium and its driver at " + BINARY + " and " + DRIVER
                    + "; install them with: sudo apt-get install -y chromium chromium-driver";
            if (Boolean.getBoolean("mdg.console.required")) {
                throw new IllegalStateException(message + " (required here: mdg.console.required=true)");
            }
            System.out.println("[ConsoleIT] SKIPPED: " + message);
            org.junit.jupiter.api.Assumptions.abort("skipped: " + message);
        }
        keycloak = KeycloakServer.shared();
        // push delivery to the consumers view's test receiver on loopback, with retries short enough to park a
        // failed delivery within a second
        service = ServiceHarness.start(Files.createTempDirectory("mdg-e2e-console"),
                Map.of("mdg.security.issuer", keycloak.issuer(),
                        "mdg.consumers.allow-insecure-endpoints", "true",
                        "mdg.distribution.push.backoff-base", "100ms",
                        "mdg.distribution.push.backoff-max", "300ms",
                        "mdg.distribution.push.max-attempts", "2"));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
        console = "http://localhost:" + service.port() + "/console/";
        allowConsoleRedirectsTo("http://localhost:" + service.port());
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void openBrowser() throws IOException {
        String binary = BINARY;
        String driver = DRIVER;
        downloads = Files.createTempDirectory("mdg-console-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--window-size=1366,900",
                "--user-data-dir=" + Files.createTempDirectory("mdg-console-chromium"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(driverService, options);
        chrome.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        browser = chrome;
        browser.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void stewards_decide_a_bank_change_in_the_browser_and_an_auditor_exports_its_trail() throws Exception {
        // The ERP client changes a supplier's bank account: held for a supplier steward's check, then a finance
        // controller's release.
        String erp = keycloak.clientToken("erp");
        JsonNode created = api.post(erp, SUBMIT, Map.of("input", supplierInput(1, "111122223333")))
                .data().path("submitSupplier");
        String supplier = created.path("goldenId").asText();
        // a new supplier's account is verified first (the banking approvals, here through the API)
        for (String approver : List.of("sam.supplier", "fay.finance")) {
            Answer verified = api.post(keycloak.userToken(approver), APPROVE, Map.of("id",
                    created.path("changeRequestId").asText()));
            assertThat(verified.body().has("errors")).as(verified.body().toString()).isFalse();
        }
        String reader = keycloak.userToken("sam.supplier");
        eventually(() -> api.post(reader, ACCOUNT,
                Map.of("id", supplier)).data().path("supplier").path("bankAccount").path("accountNumber").asText(),
                "111122223333"::equals, WAIT);
        JsonNode held = api.post(erp, SUBMIT, Map.of("input", supplierInput(2, "999988887777")))
                .data().path("submitSupplier");
        assertThat(held.path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
        String bankChange = held.path("changeRequestId").asText();
        // sam's own proposal (another record, so that it does not wait behind the bank change)
        String other = api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "CONSOLE-NAME", "sourceVersion", 1,
                "legalName", "Console Name Medical Inc."))).data().path("submitSupplier").path("goldenId").asText();
        String sam = keycloak.userToken("sam.supplier");
        eventually(() -> api.post(sam, "query($id: ID!) { supplier(id: $id) { id } }", Map.of("id", other)).data(),
                d -> d.path("supplier").has("id"), WAIT);
        Answer proposed = api.post(sam, PROPOSE, Map.of("input", Map.of("type", "SUPPLIER", "recordId", other,
                "reason", "renamed after acquisition", "supplier", Map.of("legalName", "Console Holdings Inc."))));
        assertThat(proposed.body().has("errors")).as(proposed.body().toString()).isFalse();
        String ownProposal = eventually(() -> api.post(sam, PENDING, Map.of("id", other)).data().path("supplier")
                .path("changeRequests"), list -> list.size() == 1, WAIT).path(0).path("id").asText();
        // the bank change is in sam's inbox as the API sees it, before the browser looks
        eventually(() -> api.post(sam, INBOX, Map.of()).data().path("changeRequests").path("edges")
                .findValuesAsText("id"), ids -> ids.contains(bankChange), WAIT);
        Instant beforeApprovals = Instant.now();

        // sam signs in on Keycloak's login page and finds the bank change in his inbox
        browser.get(console);
        signIn("sam.supplier", "01-keycloak-login");
        assertThat(text(By.id("who-roles"))).contains("supplier-steward");
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-request-id='" + bankChange + "']")));
        wait.until(ExpectedConditions.titleIs("Inbox (1) — MDG console"));
        assertThat(row.getText()).contains("Console Bank Medical Inc.").contains("erp").contains("Bank account")
                .contains("High");
        assertThat(browser.findElements(By.cssSelector("tr[data-request-id='" + ownProposal + "']"))).isEmpty();
        screenshot("02-inbox");

        // keyboard: the request link opens the decision view
        row.findElement(By.cssSelector("a.request-link")).sendKeys(Keys.ENTER);
        WebElement accountRow = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("table.diff tr[data-attribute='Bank account: Account number']")));
        assertThat(accountRow.findElement(By.cssSelector("td.before")).getText()).isEqualTo("111122223333");
        assertThat(accountRow.findElement(By.cssSelector("td.after")).getText()).isEqualTo("999988887777");
        assertThat(accountRow.getAttribute("class")).contains("changed");
        assertThat(text(By.id("rule"))).contains("Banking").contains("2 approvals").contains("verification note");
        assertThat(text(By.id("request-id"))).isEqualTo(bankChange);
        screenshot("03-decision");
        browser.manage().window().setSize(new Dimension(820, 1180));
        screenshot("03-decision-tablet");
        browser.manage().window().setSize(new Dimension(1366, 900));

        // no verification note: the page asks for one; with it, the first approval is recorded
        click(By.id("approve"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("decision-result"), "verification note"));
        browser.findElement(By.id("verification-note")).sendKeys("called back the number on file, confirmed by J. Doe");
        browser.findElement(By.id("approve-comment")).sendKeys("account letter checked");
        click(By.id("approve"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-blocked='approve']"),
                "already approved"));
        assertThat(browser.findElement(By.id("approve")).isEnabled()).isFalse();
        assertThat(text(By.id("decisions-h"))).contains("1 of 2");
        // the steps: sam's check done, the finance controller's release awaited
        assertThat(browser.findElement(By.cssSelector("#steps li[data-step='1']")).getAttribute("data-state"))
                .isEqualTo("done");
        assertThat(text(By.cssSelector("#steps li[data-step='1']"))).contains("supplier-steward").contains("sam.supplier");
        assertThat(browser.findElement(By.cssSelector("#steps li[data-step='2']")).getAttribute("data-state"))
                .isEqualTo("current");
        assertThat(text(By.cssSelector("#steps li[data-step='2']"))).contains("finance-controller");
        screenshot("04-approved-once");

        // sam's own proposal: both decisions disabled, with the reason
        browser.get(console + "#/requests/" + ownProposal);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-blocked='approve']"),
                "You requested this change"));
        assertThat(browser.findElement(By.id("approve")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("reject")).isEnabled()).isFalse();
        assertThat(text(By.cssSelector("[data-blocked='reject']"))).contains("You requested this change");
        screenshot("05-own-request");

        // sam signs out; fay, a finance controller, finds the request at its release step and approves it
        signOut();
        signIn("fay.finance", null);
        WebElement release = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-request-id='" + bankChange + "']")));
        assertThat(release.getText()).contains("step 2 of 2").contains("finance-controller");
        release.findElement(By.cssSelector("a")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verification-note")))
                .sendKeys("treasury call-back to the listed number");
        click(By.id("approve"));
        wait.until(ExpectedConditions.textToBe(By.id("request-status"), "APPROVED"));
        screenshot("06-approved");

        // the record page: the new account, from ERP through the approved request
        click(By.cssSelector("dl.facts a[href^='#/records/SUPPLIER/']"));
        WebElement bank = wait.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("table.attributes tr[data-attribute='bankAccount']"));
            return !rows.isEmpty() && rows.get(0).getText().contains("999988887777") ? rows.get(0) : null;
        });
        assertThat(bank.getText()).contains("ERP CONSOLE-BANK");
        assertThat(bank.findElement(By.cssSelector("a[href^='#/requests/']")).getAttribute("href")).endsWith(bankChange);
        assertThat(text(By.cssSelector("table.history"))).contains("Change applied").contains("fay.finance")
                .contains("sam.supplier");
        screenshot("07-record");

        // as of before the approvals: the old account
        browser.get(console + "#/records/SUPPLIER/" + supplier + "?asOf="
                + URLEncoder.encode(beforeApprovals.toString(), StandardCharsets.UTF_8));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("as-of-notice")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("table.attributes tr[data-attribute='bankAccount']"), "111122223333"));
        screenshot("08-record-as-of");

        // audrey, an auditor, filters the trail by the change request and downloads it as CSV
        signOut();
        signIn("audrey.auditor", null);
        wait.until(ExpectedConditions.titleIs("Audit trail — MDG console"));
        browser.findElement(By.id("audit-changeRequestId")).sendKeys(bankChange);
        click(By.id("audit-search"));
        wait.until(ExpectedConditions.urlContains("changeRequestId=" + bankChange));
        wait.until(d -> d.findElements(By.cssSelector("#audit-table tr[data-action='CHANGE_APPLIED']")).size() == 1);
        List<String> actions = browser.findElements(By.cssSelector("#audit-table tbody tr")).stream()
                .map(r -> r.getAttribute("data-action")).toList();
        assertThat(actions).contains("CHANGE_REQUESTED", "APPROVAL_RECORDED", "CHANGE_APPLIED")
                .allSatisfy(a -> assertThat(a).isNotNull());
        assertThat(text(By.id("audit-table"))).contains("treasury call-back to the listed number");
        screenshot("09-audit");
        click(By.id("download-csv"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("csv-status"), "Downloaded"));
        Path csv = downloads.resolve("audit-trail-" + bankChange + ".csv");
        String content = eventually(() -> Files.exists(csv) ? Files.readString(csv) : "",
                c -> c.contains("CHANGE_APPLIED"), WAIT);
        assertThat(content.lines().count()).isEqualTo(actions.size() + 1L);
        assertThat(content).contains(bankChange).contains("fay.finance").contains("sam.supplier");
        screenshot("10-audit-downloaded");

        assertNoConsoleErrors();
    }

    /**
     * The duplicates view serves every record type. The ERP client sends two near-identical items and two
     * look-alike suppliers. Item steward ian picks Item in the view, compares the two items by their golden ids (the
     * service proposes candidates only where it has a similarity policy: so far for suppliers) and requests their
     * merge; the page links the change request. With another type chosen, the same ids are no such records. Supplier
     * steward sam sees the supplier pair among the candidates, compares it and requests that merge; on the items his
     * merge is disabled with the reason, and when the page's check is bypassed the service's FORBIDDEN refusal is
     * shown to him as it answered.
     */
    @Test
    void stewards_compare_and_merge_duplicates_of_their_own_type_and_see_refusals_of_another() throws Exception {
        String erp = keycloak.clientToken("erp");
        String first = submitItem(erp, "CONSOLE-ITEM-1", "Gauze sponge 4x4 in sterile 12-ply", "GZ-4412");
        String second = submitItem(erp, "CONSOLE-ITEM-2", "Gauze sponge 4 x 4 in, sterile, 12 ply", "GZ4412");
        String twin = submitSupplier(erp, "CONSOLE-TWIN-1", "Quillfeather Surgical Inc.");
        String twinToo = submitSupplier(erp, "CONSOLE-TWIN-2", "Quillfeather Surgical, LLC");
        String ian = keycloak.userToken("ian.item");
        for (String item : List.of(first, second)) {
            eventually(() -> api.post(ian, "query($id: ID!) { item(id: $id) { id } }", Map.of("id", item)).data(),
                    d -> d.path("item").has("id"), WAIT);
        }
        // the supplier pair is a candidate as the API sees it, before the browser looks
        String sam = keycloak.userToken("sam.supplier");
        eventually(() -> api.post(sam, CANDIDATES, Map.of()).data().path("duplicateCandidates"),
                pairs -> isPair(pairs, twin, twinToo), WAIT);

        // ian opens the duplicates view and picks Item with the keyboard
        browser.get(console);
        signIn("ian.item", null);
        browser.findElement(By.cssSelector("#nav a[data-section='duplicates']")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.titleIs("Duplicate candidates: suppliers — MDG console"));
        browser.findElement(By.id("duplicate-type")).sendKeys("Item");
        wait.until(ExpectedConditions.titleIs("Duplicate candidates: items — MDG console"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("candidates-h")));
        assertThat(text(By.cssSelector(".view .lead"))).startsWith("Items that may be the same,");

        // he compares the two items by their golden ids: the item's attributes side by side
        browser.findElement(By.id("compare-a")).sendKeys(first);
        browser.findElement(By.id("compare-b")).sendKeys(second, Keys.ENTER);
        WebElement description = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#comparison tr[data-attribute='description']")));
        assertThat(description.getText()).contains("Gauze sponge 4x4 in sterile 12-ply")
                .contains("Gauze sponge 4 x 4 in, sterile, 12 ply");
        assertThat(description.getAttribute("class")).isEqualTo("changed");
        assertThat(browser.findElement(By.cssSelector("#comparison tr[data-attribute='itemClass']"))
                .getAttribute("class")).isEqualTo("same");
        assertThat(browser.findElement(By.cssSelector("#comparison tr[data-attribute='sourceRefs']")).getText())
                .contains("ERP CONSOLE-ITEM-1").contains("ERP CONSOLE-ITEM-2");
        assertThat(browser.findElement(By.cssSelector("#comparison thead a[href='#/records/ITEM/" + first + "']"))
                .getText()).isEqualTo("Gauze sponge 4x4 in sterile 12-ply");
        screenshot("11-duplicates-items");

        // no reason: the page asks for one; with it, the merge is requested and the page links the request
        click(By.id("merge"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-result"), "Give a reason"));
        browser.findElement(By.id("merge-reason")).sendKeys("the same gauze sponge, sent twice by the ERP");
        click(By.id("merge"));
        WebElement request = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("merge-request")));
        assertThat(text(By.id("merge-result"))).contains("Merge requested").contains("item-steward");
        screenshot("12-duplicates-merge-requested");
        request.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"),
                "merge into " + first));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-blocked='approve']"),
                "You requested this change"));

        // with another type chosen, the items' ids are no records of it (each type's comparison query runs)
        for (String type : List.of("SUPPLIER", "CONTRACT", "LOCATION")) {
            browser.get(console + "#/duplicates?type=" + type + "&a=" + first + "&b=" + second);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("compare-missing"),
                    "There is no " + type.toLowerCase() + " " + first + " and no " + type.toLowerCase() + " " + second));
        }

        // sam: the supplier pair is a candidate (the default type); he compares it and requests the merge
        signOut();
        signIn("sam.supplier", null);
        browser.get(console + "#/duplicates");
        WebElement pair = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "tr[data-pair='" + twin + " " + twinToo + "'], tr[data-pair='" + twinToo + " " + twin + "']")));
        assertThat(pair.getText()).contains("Quillfeather Surgical Inc.").contains("Quillfeather Surgical, LLC");
        pair.findElement(By.cssSelector("a.compare-link")).sendKeys(Keys.ENTER);
        WebElement legalName = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#comparison tr[data-attribute='legalName']")));
        assertThat(legalName.getAttribute("class")).isEqualTo("changed");
        assertThat(browser.findElement(By.cssSelector("#comparison tr[data-attribute='orderingAddress']"))
                .getAttribute("class")).isEqualTo("same");
        browser.findElement(By.id("merge-reason")).sendKeys("one company, two ERP vendor records");
        click(By.id("merge"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("merge-request")));
        assertThat(text(By.id("merge-result"))).contains("supplier-steward");

        // the items are not sam's domain: the merge is disabled with the reason ...
        browser.get(console + "#/duplicates?type=ITEM&a=" + first + "&b=" + second);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-blocked='merge']"),
                "Only an item-steward may merge items"));
        assertThat(browser.findElement(By.id("merge")).isEnabled()).isFalse();
        // ... and when the page's check is bypassed (e.g. a page older than a change of roles), the service's
        // refusal is shown as it answered
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelectorAll('#comparison form [disabled]').forEach((e) => { e.disabled = false; });");
        browser.findElement(By.id("merge-reason")).sendKeys("not mine to merge");
        click(By.id("merge"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-result"), "FORBIDDEN"));
        assertThat(text(By.id("merge-result"))).startsWith("Not done:").contains("item-steward");
        assertThat(browser.findElement(By.id("merge-result")).getAttribute("class")).contains("error");
        screenshot("13-duplicates-refused");

        assertNoConsoleErrors();
    }

    /**
     * The consumers view, for admins. Ada registers (through the API) a pull consumer and a push consumer whose
     * endpoint, a receiver in this test, answers 503 (with markup in its body, which the page must show as text):
     * the ERP's two new suppliers are parked after two attempts each. In the browser ada sees both consumers with how
     * they get their changes and the push consumer's parked count; on its page the two parked deliveries with the
     * endpoint's error, its change feed, and that it has neither supplier. The receiver recovers: she replays one
     * record's deliveries (a cancelled confirmation replays nothing), the page shows the replay's answer, and the
     * consumer then has that supplier and not the other; "Replay all" delivers the other. Steward sam gets no
     * Consumers link, and the view tells him it is for admins.
     */
    @Test
    void an_admin_sees_the_consumers_and_replays_parked_deliveries_and_a_steward_does_not_see_them() throws Exception {
        Receiver receiver = Receiver.start();
        try {
            String ada = keycloak.userToken("ada.admin");
            String puller = register(ada, Map.of("name", "Inventory platform", "clientId", "inventory",
                    "types", List.of("SUPPLIER"), "delivery", "PULL"));
            String pushed = register(ada, Map.of("name", "ERP hub", "clientId", "sourcing",
                    "types", List.of("SUPPLIER"), "delivery", "PUSH", "endpoint", receiver.url()));
            // the push consumer's worker takes it up within its refresh interval; changes after the registration
            // are its feed
            String erp = keycloak.clientToken("erp");
            String first = submitSupplier(erp, "CONSOLE-PUSH-1", "Lindqvist Orthopedics AB");
            String second = submitSupplier(erp, "CONSOLE-PUSH-2", "Harrow Sterile Supply Ltd.");
            eventually(() -> api.post(ada, PARKED, Map.of("consumer", pushed)).data().path("parkedDeliveries")
                    .findValuesAsText("recordId"), ids -> ids.containsAll(List.of(first, second)), WAIT);
            assertThat(receiver.posts.get()).as("POSTs the receiver refused").isGreaterThanOrEqualTo(2);

            // ada opens the Consumers view from the navigation, with the keyboard
            browser.get(console);
            signIn("ada.admin", null);
            WebElement link = browser.findElement(By.cssSelector("#nav a[data-section='consumers']"));
            assertThat(link.isDisplayed()).isTrue();
            link.sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.titleIs("Consumers — MDG console"));
            WebElement pullRow = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("tr[data-consumer-id='" + puller + "']")));
            assertThat(pullRow.getText()).contains("Inventory platform").contains("inventory").contains("Pull")
                    .contains("Supplier");
            assertThat(pullRow.findElement(By.cssSelector("td.parked-count")).getText()).isEqualTo("—");
            WebElement pushRow = browser.findElement(By.cssSelector("tr[data-consumer-id='" + pushed + "']"));
            assertThat(pushRow.getText()).contains("ERP hub").contains("sourcing").contains("Push")
                    .contains(receiver.url());
            assertThat(pushRow.findElement(By.cssSelector("td.state")).getText()).isEqualTo("Active");
            assertThat(pushRow.findElement(By.cssSelector("td.parked-count")).getText()).isEqualTo("2");
            assertThat(pushRow.findElement(By.cssSelector("td.last-error")).getText()).contains("HTTP 503")
                    .contains("<b>down</b>");
            screenshot("14-consumers");

            // the pull consumer: no parked deliveries, its (empty) feed
            pullRow.findElement(By.cssSelector("a.consumer-link")).sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.titleIs("Consumer Inventory platform — MDG console"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pull-only")));
            assertThat(browser.findElements(By.id("parked"))).isEmpty();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#feed table, #feed-empty")));
            assertThat(browser.findElements(By.id("feed-older"))).isEmpty();

            // the push consumer's page: both parked deliveries, with the endpoint's answer as text
            click(By.cssSelector("tr[data-consumer-id='" + pushed + "'] a.consumer-link"));
            wait.until(ExpectedConditions.titleIs("Consumer ERP hub — MDG console"));
            WebElement firstParked = wait.until(ExpectedConditions.presenceOfElementLocated(parkedRow(first)));
            assertThat(firstParked.getText()).contains("CREATED").contains("HTTP 503: <b>down</b> for the test");
            assertThat(browser.findElements(By.cssSelector("#parked b"))).as("server text inserted as text").isEmpty();
            assertThat(browser.findElement(parkedRow(second)).isDisplayed()).isTrue();
            assertThat(text(By.id("replay-all"))).isEqualTo("Replay all (2)");
            assertThat(text(By.id("delivery-parked"))).isEqualTo("2");
            // its change feed: the latest entries, both suppliers created
            assertThat(text(By.cssSelector("#feed table"))).contains(first).contains(second).contains("CREATED");
            assertThat(browser.findElements(By.id("feed-older"))).isEmpty();
            // what it has: neither supplier
            lookUp(first + ", " + second);
            assertThat(text(hasRow(first))).contains("Not delivered");
            assertThat(text(hasRow(second))).contains("Not delivered");
            screenshot("15-consumer-parked");

            // the endpoint recovers; ada replays the first supplier's deliveries (having cancelled once)
            receiver.failing.set(false);
            firstParked.findElement(By.cssSelector("button.replay")).click();
            wait.until(ExpectedConditions.alertIsPresent()).dismiss();
            assertThat(browser.findElement(By.id("replay-result")).isDisplayed()).isFalse();
            firstParked.findElement(By.cssSelector("button.replay")).click();
            assertThat(wait.until(ExpectedConditions.alertIsPresent()).getText()).contains(first);
            browser.switchTo().alert().accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("replay-result"), "Replay requested"));
            assertThat(text(By.id("replay-result"))).contains("1 delivery queued");
            eventually(() -> api.post(ada, DELIVERED, Map.of("consumer", pushed, "ids", List.of(first, second)))
                    .data().path("deliveredVersions").findValuesAsText("recordId"), ids -> ids.contains(first), WAIT);
            lookUp(first + "\n" + second);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(hasRow(first), "CREATED"));
            assertThat(browser.findElement(hasRow(first)).findElement(By.cssSelector("td.has-version")).getText())
                    .isEqualTo("1");
            assertThat(text(hasRow(second))).contains("Not delivered");

            // Replay all: the other supplier's delivery, then nothing is parked
            click(By.id("replay-all"));
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("replay-result"), "Replay requested"));
            assertThat(text(By.id("replay-result"))).contains("1 delivery queued");
            eventually(() -> api.post(ada, DELIVERED, Map.of("consumer", pushed, "ids", List.of(first, second)))
                    .data().path("deliveredVersions").size(), n -> n == 2, WAIT);
            eventually(() -> api.post(ada, PARKED, Map.of("consumer", pushed)).data().path("parkedDeliveries").size(),
                    n -> n == 0, WAIT);
            screenshot("16-consumer-replayed");
            browser.navigate().refresh();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("parked-empty")));
            wait.until(ExpectedConditions.textToBe(By.id("delivery-parked"), "0"));
            lookUp(second);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(hasRow(second), "CREATED"));
            assertNoConsoleErrors();

            // a supplier steward: no Consumers link, and the view is for admins only
            signOut();
            signIn("sam.supplier", null);
            assertThat(browser.findElement(By.cssSelector("#nav a[data-section='consumers']")).isDisplayed()).isFalse();
            browser.get(console + "#/consumers");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("consumers-not-admin")));
            assertThat(browser.findElements(By.cssSelector("tr[data-consumer-id]"))).isEmpty();
            assertThat(api.post(keycloak.userToken("sam.supplier"), "{ consumers { id } }", Map.of()).body()
                    .path("errors").path(0).path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
        } finally {
            receiver.close();
        }
        assertNoConsoleErrors();
    }

    // ------------------------------------------------------------------------------------------------ steps

    /** From the console's start page (or wherever it shows the sign-in button) through Keycloak and back. */
    private void signIn(String user, String loginScreenshot) throws IOException {
        click(By.id("sign-in"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(KeycloakServer.DEMO_PASSWORD);
        if (loginScreenshot != null) {
            screenshot(loginScreenshot);
        }
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.textToBe(By.id("who-name"), user));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main .view h1")));
    }

    private void signOut() {
        collectLog();
        click(By.id("sign-out"));
        wait.until(ExpectedConditions.urlToBe(console));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
    }

    private void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private String text(By by) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(by)).getText();
    }

    /** A full-page PNG (the window made as tall as the page for the shot) under target/console-screenshots. */
    private void screenshot(String name) throws IOException {
        Dimension window = browser.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return Math.ceil("
                + "document.documentElement.scrollHeight + window.outerHeight - window.innerHeight)");
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(Math.max(height, 600), 6000)));
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    private void collectLog() {
        browserLog.addAll(browser.manage().logs().get(LogType.BROWSER).getAll());
    }

    /** Errors logged by the console's own pages (Keycloak's login page is not ours to judge). */
    private void assertNoConsoleErrors() {
        collectLog();
        List<String> errors = browserLog.stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains(keycloak.baseUrl()))
                .toList();
        assertThat(errors).as("browser console errors").isEmpty();
        // sanity: the console did run script in this browser (the log is read, not just empty)
        assertThat(((JavascriptExecutor) browser).executeScript("return typeof document.title")).isEqualTo("string");
    }

    private static String submitItem(String token, String sourceId, String description, String partNumber) {
        Answer answer = api.post(token, SUBMIT_ITEM, Map.of("input", Map.of("sourceId", sourceId, "sourceVersion", 1,
                "description", description, "manufacturerPartNumber", partNumber, "unspsc", "42311505",
                "itemClass", "MED_SURG")));
        JsonNode result = answer.data().path("submitItem");
        assertThat(result.path("outcome").asText()).as(answer.body().toString()).isEqualTo("CREATED");
        return result.path("goldenId").asText();
    }

    private static String submitSupplier(String token, String sourceId, String legalName) {
        Answer answer = api.post(token, SUBMIT, Map.of("input", Map.of("sourceId", sourceId, "sourceVersion", 1,
                "legalName", legalName, "orderingAddress", Map.of("line1", "17 Harbor Lane", "city", "Portland",
                        "region", "ME", "postalCode", "04101", "country", "US"))));
        JsonNode result = answer.data().path("submitSupplier");
        assertThat(result.path("outcome").asText()).as(answer.body().toString()).isEqualTo("CREATED");
        return result.path("goldenId").asText();
    }

    private static By parkedRow(String recordId) {
        return By.xpath("//table[contains(@class,'parked')]//tr[td//a[text()='" + recordId + "']]");
    }

    private static By hasRow(String recordId) {
        return By.cssSelector("#has-result tr[data-record-id='" + recordId + "']");
    }

    /** The "What does it have?" form with these ids. */
    private void lookUp(String ids) {
        WebElement input = browser.findElement(By.id("has-ids"));
        input.clear();
        input.sendKeys(ids);
        click(By.id("has-lookup"));
        String firstId = ids.split("[\\s,]+")[0];
        wait.until(ExpectedConditions.presenceOfElementLocated(hasRow(firstId)));
    }

    private static String register(String token, Map<String, Object> input) {
        Answer answer = api.post(token, REGISTER, Map.of("input", input));
        String id = answer.data().path("registerConsumer").path("consumerId").asText();
        assertThat(id).as(answer.body().toString()).isNotBlank();
        return id;
    }

    /**
     * A push consumer's endpoint on loopback: 503 while {@code failing} (its body with markup, as an endpoint may
     * answer), 204 otherwise. It does not check signatures (PushDeliveryIT does).
     */
    private static final class Receiver implements AutoCloseable {
        final AtomicBoolean failing = new AtomicBoolean(true);
        final AtomicInteger posts = new AtomicInteger();
        private final HttpServer server;

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Receiver receiver = new Receiver(server);
            server.createContext("/hook", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    if (receiver.failing.get()) {
                        receiver.posts.incrementAndGet();
                        byte[] body = "<b>down</b> for the test".getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(503, body.length);
                        exchange.getResponseBody().write(body);
                    } else {
                        exchange.sendResponseHeaders(204, -1);
                    }
                }
            });
            server.start();
            return receiver;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static boolean isPair(JsonNode pairs, String a, String b) {
        for (JsonNode pair : pairs) {
            String x = pair.path("recordId").asText();
            String y = pair.path("candidateId").asText();
            if (x.equals(a) && y.equals(b) || x.equals(b) && y.equals(a)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> supplierInput(int version, String accountNumber) {
        return Map.of("sourceId", "CONSOLE-BANK", "sourceVersion", version, "legalName", "Console Bank Medical Inc.",
                "bankAccount", Map.of("accountHolder", "Console Bank Medical Inc.", "bankName", "First Bank",
                        "routingNumber", "021000021", "accountNumber", accountNumber, "currency", "USD"));
    }

    /**
     * The realm file lets the console sign in from {@code http://localhost:8080/console/} (./mdg start); this test's
     * service runs on a random port, so its console URL is added to the client's redirect URIs (and, through
     * {@code webOrigins: +}, to the origins Keycloak answers CORS requests from) with Keycloak's admin API.
     */
    private static void allowConsoleRedirectsTo(String origin) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> tokenResponse = http.send(HttpRequest.newBuilder(
                        URI.create(keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&client_id=admin-cli&username=admin&password=admin"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String admin = JSON.readTree(tokenResponse.body()).path("access_token").asText();
        String clients = keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + "/clients";
        JsonNode found = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(clients + "?clientId=mdg-console"))
                .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        ObjectNode client = (ObjectNode) found.path(0);
        assertThat(client.path("publicClient").asBoolean()).as("mdg-console is a public client").isTrue();
        assertThat(client.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        ((ArrayNode) client.withArray("redirectUris")).add(origin + "/console/*");
        HttpResponse<String> updated = http.send(HttpRequest.newBuilder(
                        URI.create(clients + "/" + client.path("id").asText()))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
    }
}
