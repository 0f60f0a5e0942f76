package io.mdg.benchmark;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.SourceSystem;
import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.MriSafety;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.RecordType;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;

/**
 * Realistic submissions in any number, the way {@code io.mdg.demo.DemoNetwork} builds them (valid tax ids, DUNS, GLNs,
 * GTINs per packaging level, UDI-DIs, UNSPSC commodities, packaging hierarchies, bank accounts), but unique
 * up to millions of records: DemoNetwork's supplier names run out at about 30,000. Deterministic: submission n of a
 * generator is always the same record, so a data directory is filled by one generator whose counter runs on.
 *
 * <p>The stream mixes one ERP supplier with four ERP items; items name one of the {@link #MANUFACTURERS}
 * manufacturer suppliers (created first, {@link #manufacturers()}) by the ERP's own id, as the demo does.
 */
final class BenchData {

    /** One record as a source system sends it. */
    record Submission(SourceSystem system, String sourceId, MasterAttributes attributes) {
    }

    /** The manufacturers every item refers to (created before any timed load). */
    static final int MANUFACTURERS = 200;

    private static final String[] NAME_A = {"Acme", "Apex", "Beacon", "Bluewater", "Cardinal", "Cedar", "Summit",
            "Coastal", "Crescent", "Evergreen", "Frontier", "Granite", "Harbor", "Horizon", "Keystone", "Liberty",
            "Meridian", "Northstar", "Pinnacle", "Prairie", "Redwood", "Sterling", "Trinity", "Union", "Vanguard"};
    private static final String[] NAME_B = {"Medical", "Surgical", "Health", "Biomedical", "Life Sciences",
            "Orthopedics", "Diagnostics", "Pharma", "Scientific", "Care", "Devices", "Supply", "Labs", "Vascular"};
    private static final String[] SUFFIX = {"Inc.", "LLC", "Corp.", "Co.", "Holdings Inc.", "Group LLC"};
    private static final String[] CITIES = {"Boston,MA,021", "Chicago,IL,606", "Dallas,TX,752", "Denver,CO,802",
            "Atlanta,GA,303", "Seattle,WA,981", "Columbus,OH,432", "Nashville,TN,372", "Phoenix,AZ,850",
            "Minneapolis,MN,554"};
    private static final String[] EIN_PREFIXES = {"10", "12", "13", "14", "20", "22", "23", "26", "27", "30", "31",
            "33", "35", "36", "38", "41", "42", "45", "46", "52", "54", "56", "58", "61", "62", "65", "71", "74",
            "76", "81", "83", "84", "86", "88", "91", "93", "94", "95"};
    private static final String[][] PRODUCTS = {
            {"Exam glove nitrile", "42132203", "MED_SURG"}, {"Surgical glove latex sterile", "42132205", "MED_SURG"},
            {"Gauze sponge 4x4", "42141502", "MED_SURG"}, {"Adhesive bandage", "42311505", "MED_SURG"},
            {"IV catheter", "42222301", "MED_SURG"}, {"Syringe luer lock", "42142609", "MED_SURG"},
            {"Hypodermic needle", "42142523", "MED_SURG"}, {"Suture absorbable", "42312201", "MED_SURG"},
            {"Surgical mask", "42131713", "MED_SURG"}, {"Isolation gown", "42131702", "MED_SURG"},
            {"Urinary catheter", "42142702", "MED_SURG"}, {"Wound dressing foam", "42311511", "MED_SURG"},
            {"Blood collection tube", "41104118", "LAB"}, {"Specimen container", "41104102", "LAB"},
            {"Pipette tip", "41121503", "LAB"}, {"Reagent test kit", "41116105", "LAB"},
            {"Hip stem implant", "42295119", "IMPLANT"}, {"Bone screw", "42295122", "IMPLANT"},
            {"Coronary stent", "42203708", "IMPLANT"}, {"Knee tibial insert", "42295120", "IMPLANT"},
            {"Saline solution 0.9%", "51191905", "PHARMACY"}, {"Lidocaine injection", "51142001", "PHARMACY"},
            {"Enteral formula", "42231802", "NUTRITION"}, {"Infusion pump set", "42221603", "MED_SURG"}};
    private static final String[] SIZES = {"XS", "S", "M", "L", "XL", "6 Fr", "8 Fr", "10 Fr", "12 mm", "18 G",
            "20 G", "22 G", "3 ml", "5 ml", "10 ml", "size 2", "size 3", "size 4", "40 mm", "50 mm"};

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    static {
        JSON.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
    }

    private long next;
    private long suppliers;
    private long items;

    /** Submission numbers start at 0: the first {@link #MANUFACTURERS} suppliers are the manufacturers. */
    BenchData() {
        this.suppliers = MANUFACTURERS;
    }

    /** The manufacturer suppliers that items refer to; send them (and wait) before the items. */
    List<Submission> manufacturers() {
        List<Submission> result = new ArrayList<>();
        for (int m = 0; m < MANUFACTURERS; m++) {
            result.add(supplier(m));
        }
        return result;
    }

    /** The next submission of the mix: every fifth a new supplier, the others new items. */
    Submission next() {
        long n = next++;
        return n % 5 == 0 ? supplier(suppliers++) : item(items++);
    }

    /** The next n submissions of the mix. */
    List<Submission> next(int n) {
        List<Submission> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(next());
        }
        return result;
    }

    /** The next n new suppliers, without items (figure 2's single submitSupplier load). */
    List<Submission> nextSuppliers(int n) {
        List<Submission> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(supplier(suppliers++));
        }
        return result;
    }

    /** The next new item (for the item file import). */
    Submission nextItem() {
        return item(items++);
    }

    /** Supplier number i (unique name, tax id, DUNS, GLN and bank account). */
    static Submission supplier(long i) {
        String name = NAME_A[(int) (i % NAME_A.length)] + " " + NAME_B[(int) (i / NAME_A.length % NAME_B.length)]
                + " " + (i % 3 == 0 ? NAME_B[(int) (i / 7 % NAME_B.length)] + " " : "") + "No. " + i + " "
                + SUFFIX[(int) (i % SUFFIX.length)];
        String[] city = CITIES[(int) (i % CITIES.length)].split(",");
        Address address = new Address((10 + i % 9000) + " Commerce Drive", i % 4 == 0 ? "Suite " + (100 + i % 800) : null,
                city[0], city[1], city[2] + String.format("%02d", i % 100), "US");
        Address remitTo = i % 3 == 0
                ? new Address("PO Box " + (1000 + i % 90000), null, city[0], city[1], city[2] + "99", "US") : address;
        String taxId = EIN_PREFIXES[(int) (i % EIN_PREFIXES.length)] + "-"
                + String.format("%07d", 1_000_000 + i / EIN_PREFIXES.length);
        String duns = String.format("%09d", 100_000_000L + i);
        BankAccount bank = new BankAccount(name, "First National Bank", "021000021",
                String.format("%010d", 4_000_000_000L + i), null, "USD");
        return new Submission(SourceSystem.ERP, "V" + (100_000 + i), new SupplierAttributes(name,
                i % 2 == 0 ? List.of(name.replace(" Inc.", "").replace(" LLC", "")) : null, taxId, duns,
                gs1(String.format("087%09d", i)), address, remitTo, bank, null, ScreeningStatus.CLEAR));
    }

    /** Item number i of manufacturer i % MANUFACTURERS, with its packaging hierarchy (each, box, case). */
    static Submission item(long i) {
        int manufacturer = (int) (i % MANUFACTURERS);
        long n = i / MANUFACTURERS;
        String[] product = PRODUCTS[(int) ((manufacturer * 7 + n) % PRODUCTS.length)];
        ItemClass itemClass = ItemClass.valueOf(product[2]);
        boolean implant = itemClass == ItemClass.IMPLANT;
        String companyPrefix = "08" + String.format("%05d", 10_000 + manufacturer);    // 7 digits
        String itemReference = String.format("%05d", n);                                // 5 digits
        if (itemReference.length() > 5) {
            throw new IllegalStateException("more than 100,000 items per manufacturer");
        }
        String eachGtin = gs1("0" + companyPrefix + itemReference);
        List<PackagingLevel> packaging = new ArrayList<>();
        packaging.add(new PackagingLevel("EA", null, null, eachGtin));
        if (!implant) {
            int perBox = new int[] {10, 12, 20, 25, 50, 100}[(int) (n % 6)];
            packaging.add(new PackagingLevel("BX", perBox, "EA", gs1("1" + companyPrefix + itemReference)));
            packaging.add(new PackagingLevel("CS", new int[] {4, 6, 10}[(int) (n % 3)], "BX",
                    gs1("2" + companyPrefix + itemReference)));
        }
        boolean regulated = itemClass == ItemClass.MED_SURG || implant;
        return new Submission(SourceSystem.ERP, "I" + (1_000_000 + i), new ItemAttributes(
                product[0] + " " + SIZES[(int) (n % SIZES.length)],
                Ref.bySource("V" + (100_000 + manufacturer)), "MPN-" + (manufacturer + 10) + "-" + (10_000 + n),
                implant || n % 4 == 0 ? eachGtin : null, implant || n % 4 == 0 ? UdiAgency.GS1 : null, null,
                product[1], itemClass, packaging,
                regulated ? product[0].contains("sterile") || implant || n % 2 == 0 : null,
                regulated ? product[0].contains("latex") : null,
                implant, implant ? (n % 2 == 0 ? MriSafety.MR_CONDITIONAL : MriSafety.MR_SAFE) : null));
    }

    /** A SOURCING contract with the supplier and items given by golden id, one each-price line per item. */
    static Submission contract(int c, String supplierId, List<String> itemIds) {
        List<ContractLine> lines = new ArrayList<>();
        for (int k = 0; k < itemIds.size(); k++) {
            lines.add(new ContractLine(Ref.to(itemIds.get(k)), "EA",
                    BigDecimal.valueOf(50 + (c * 31L + k * 17L) % 50_000, 2), "USD", null, null, null));
        }
        boolean gpo = c % 3 != 0;
        LocalDate from = LocalDate.of(2026, 1 + c % 6, 1);
        return new Submission(SourceSystem.SOURCING, "CT-" + (5000 + c), new ContractAttributes(
                (gpo ? "GPO-" : "LOC-") + (2_026_000 + c), Ref.to(supplierId),
                gpo ? ContractType.GPO : ContractType.LOCAL, gpo ? "TIER-" + (1 + c % 3) : "LOCAL", from,
                from.plusYears(2).minusDays(1), lines));
    }

    /** The GraphQL input (and file-import row) of a submission: its attributes as in the API, plus the source id. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> input(Submission submission) {
        Map<String, Object> input = new java.util.LinkedHashMap<>();
        input.put("sourceId", submission.sourceId());
        Map<String, Object> values = JSON.convertValue(submission.attributes(), Map.class);
        values.remove("@type");
        input.putAll(values);
        return input;
    }

    /** The list of a {@code BatchInput} that takes the submission's type. */
    static String batchList(Submission submission) {
        return RecordType.of(submission.attributes().entityType()).plural();
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Data digits and their GS1 check digit (12 digits: a GLN; 13 digits: a GTIN-14). */
    static String gs1(String data) {
        int sum = 0;
        for (int i = 0; i < data.length(); i++) {
            int digit = data.charAt(data.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? digit * 3 : digit;
        }
        return data + (10 - sum % 10) % 10;
    }
}
