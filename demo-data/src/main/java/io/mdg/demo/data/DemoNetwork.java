package io.mdg.demo.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.SourceSystem;
import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.MriSafety;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.RecordType;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ReplenishmentMethod;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.StorageCondition;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;
import io.mdg.rules.identifier.Gs1CheckDigit;

/**
 * Realistic, deterministic hospital supply-chain master data as its source systems would send it (valid tax ids,
 * DUNS, GLNs and GTINs with check digits, GTINs per packaging level, UDI-DIs, UNSPSC commodities, bank accounts,
 * items naming their manufacturer by the ERP's own id): the one generator of the demo ({@link DemoLoader},
 * {@code ./mdg start}) and of the benchmark ({@code ./mdg bench}, which compiles this file from here).
 *
 * <p>The demo asks for a curated network ({@link #DemoNetwork(long, int, int)}, {@link #steps()}): the ERP's
 * location hierarchy (one network, three hospital campuses with facilities, departments, storerooms and par
 * locations), its supplier and item masters, the supplier portal's contacts, the inventory platform's storeroom
 * details (matched by GLN), the sourcing suite's contracts with tiers and prices (its own supplier and item records
 * matched by tax id and GTIN), and a few high-risk changes for the stewards. Its supplier names are drawn at random
 * from the seed, with a near-duplicate every 50th; they run out at about 30,000.
 *
 * <p>The benchmark asks for a {@link Sequence}: numbered suppliers and items in its mix, unique up to millions.
 *
 * <p>Both build items ({@link #item(long, int)}), contracts ({@link #contract(int, Ref, List)}) and the suppliers'
 * identifiers and addresses the same way.
 */
public final class DemoNetwork {

    /** One record as a source system sends it. */
    public record Submission(SourceSystem system, String sourceId, MasterAttributes attributes) {

        /** Its GraphQL input (and an import file's row): its attributes as in the API, plus the source's id. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> input() {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("sourceId", sourceId);
            Map<String, Object> values = JSON.convertValue(attributes, Map.class);
            values.remove("@type");
            input.putAll(values);
            return input;
        }
    }

    /** The submissions in load order: each step only refers to records of earlier steps. */
    public record Step(String name, SourceSystem system, List<Submission> submissions) {
    }

    /** JSON as the GraphQL API takes it: dates as ISO strings, amounts as strings, no nulls. */
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    static {
        JSON.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
    }

    /** A value as {@link #JSON}. */
    public static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code BatchInput} of {@code submitBatch}: each submission's input in the list of its type. */
    public static Map<String, List<Object>> batchInput(List<Submission> submissions) {
        Map<String, List<Object>> input = new LinkedHashMap<>();
        for (Submission submission : submissions) {
            input.computeIfAbsent(RecordType.of(submission.attributes().entityType()).plural(),
                    k -> new ArrayList<>()).add(submission.input());
        }
        return input;
    }

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

    private final Random random;
    private final int suppliers;
    private final int items;

    /** The curated network: its supplier names and contract prices are drawn from {@code seed}. */
    public DemoNetwork(long seed, int suppliers, int items) {
        this.random = new Random(seed);
        this.suppliers = suppliers;
        this.items = items;
    }

    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        List<Submission> locations = new ArrayList<>();
        List<Submission> storerooms = new ArrayList<>();
        buildLocations(locations, storerooms);
        for (LocationType level : List.of(LocationType.NETWORK, LocationType.HOSPITAL_CAMPUS, LocationType.FACILITY,
                LocationType.DEPARTMENT, LocationType.STOREROOM)) {
            List<Submission> ofLevel = locations.stream().filter(s -> {
                LocationType type = ((LocationAttributes) s.attributes()).locationType();
                return type == level || (level == LocationType.STOREROOM && type == LocationType.PAR_LOCATION);
            }).toList();
            String label = switch (level) {
                case NETWORK -> "the network";
                case HOSPITAL_CAMPUS -> "hospital campuses";
                case FACILITY -> "facilities";
                case DEPARTMENT -> "departments";
                default -> "storerooms and par locations";
            };
            steps.add(new Step("ERP locations: " + label, SourceSystem.ERP, ofLevel));
        }
        steps.add(new Step("INVENTORY storeroom details (matched by GLN)", SourceSystem.INVENTORY, storerooms));

        List<SupplierAttributes> supplierRecords = buildSuppliers();
        List<Submission> erpSuppliers = new ArrayList<>();
        List<Submission> portalSuppliers = new ArrayList<>();
        List<Submission> sourcingSuppliers = new ArrayList<>();
        for (int i = 0; i < supplierRecords.size(); i++) {
            SupplierAttributes s = supplierRecords.get(i);
            erpSuppliers.add(new Submission(SourceSystem.ERP, vendorId(i), s));
            if (i % 5 < 2) {
                portalSuppliers.add(new Submission(SourceSystem.SUPPLIER_PORTAL, "SP-" + (7000 + i),
                        new SupplierAttributes(s.legalName(), null, s.taxId(), null, null, null, null, null,
                                contacts(s.legalName()), null)));
            }
        }
        steps.add(new Step("ERP suppliers", SourceSystem.ERP, erpSuppliers));
        steps.add(new Step("SUPPLIER_PORTAL suppliers with contacts (matched by tax id)", SourceSystem.SUPPLIER_PORTAL,
                portalSuppliers));

        int manufacturers = Math.max(1, suppliers * 3 / 10);
        List<Submission> erpItems = new ArrayList<>();
        List<List<ItemAttributes>> byManufacturer = new ArrayList<>();
        for (int m = 0; m < manufacturers; m++) {
            byManufacturer.add(new ArrayList<>());
        }
        for (int i = 0; i < items; i++) {
            Submission item = item(i, manufacturers);
            byManufacturer.get(i % manufacturers).add((ItemAttributes) item.attributes());
            erpItems.add(item);
        }
        steps.add(new Step("ERP items", SourceSystem.ERP, erpItems));

        // The sourcing suite knows the contracted suppliers and items under its own ids; the service links them.
        List<Submission> sourcingItems = new ArrayList<>();
        List<Submission> contracts = new ArrayList<>();
        int contractCount = Math.max(1, manufacturers / 2);
        for (int c = 0; c < contractCount; c++) {
            int m = c * 2 % manufacturers;
            SupplierAttributes supplier = supplierRecords.get(m);
            String supplierSourceId = "SRC-S-" + m;
            sourcingSuppliers.add(new Submission(SourceSystem.SOURCING, supplierSourceId,
                    new SupplierAttributes(supplier.legalName(), null, supplier.taxId(), null, null, null, null,
                            null, null, null)));
            List<ContractLine> lines = new ArrayList<>();
            List<ItemAttributes> catalogue = byManufacturer.get(m);
            for (int k = 0; k < Math.min(catalogue.size(), 60); k++) {
                ItemAttributes item = catalogue.get(k);
                String itemSourceId = "SRC-I-" + item.packaging().get(0).gtin();
                sourcingItems.add(new Submission(SourceSystem.SOURCING, itemSourceId,
                        new ItemAttributes(item.description(), null, null, null, null, null, null, null,
                                List.of(item.packaging().get(0)), null, null, null, null)));
                BigDecimal each = BigDecimal.valueOf(50 + random.nextInt(50_000), 2);
                lines.add(new ContractLine(Ref.bySource(itemSourceId), "EA", each, "USD", null, null, null));
                if (item.packaging().size() > 1) {
                    PackagingLevel box = item.packaging().get(1);
                    lines.add(new ContractLine(Ref.bySource(itemSourceId), box.unit(),
                            each.multiply(BigDecimal.valueOf(box.quantity())).multiply(new BigDecimal("0.95"))
                                    .setScale(2, RoundingMode.HALF_UP), "USD", null, null, null));
                }
            }
            contracts.add(contract(c, Ref.bySource(supplierSourceId), lines));
        }
        steps.add(new Step("SOURCING suppliers (matched by tax id)", SourceSystem.SOURCING, dedupe(sourcingSuppliers)));
        steps.add(new Step("SOURCING contracted items (matched by GTIN)", SourceSystem.SOURCING, dedupe(sourcingItems)));
        steps.add(new Step("SOURCING contracts with prices", SourceSystem.SOURCING, contracts));

        // Work for the stewards: a few high-risk changes the ERP sends later, held for approval (new bank accounts
        // need two supplier stewards and a verification note; a legal name change one).
        List<Submission> pending = new ArrayList<>();
        for (int i = 0; i < Math.min(3, supplierRecords.size()); i++) {
            SupplierAttributes s = supplierRecords.get(i);
            BankAccount account = new BankAccount(s.legalName(), "Second Federal Bank", "026009593",
                    String.format("%010d", 7000000000L + i * 7919L), null, "USD");
            pending.add(new Submission(SourceSystem.ERP, vendorId(i),
                    new SupplierAttributes(null, null, null, null, null, null, null, account, null, null)));
        }
        if (supplierRecords.size() > 3) {
            SupplierAttributes s = supplierRecords.get(3);
            pending.add(new Submission(SourceSystem.ERP, vendorId(3),
                    SupplierAttributes.named(s.legalName() + " Holdings")));
        }
        steps.add(new Step("ERP high-risk changes (held for steward approval)", SourceSystem.ERP, pending));
        return steps;
    }

    private static List<Submission> dedupe(List<Submission> submissions) {
        Map<String, Submission> unique = new LinkedHashMap<>();
        submissions.forEach(s -> unique.putIfAbsent(s.sourceId(), s));
        return List.copyOf(unique.values());
    }

    // ------------------------------------------------------------------------------------------- locations

    private int glnCounter;

    private void buildLocations(List<Submission> erp, List<Submission> inventory) {
        String network = "L-NET";
        erp.add(location(network, "Harbor Health Network", LocationType.NETWORK, null, null, "CC-1000"));
        String[] campuses = {"St. Anne Medical Center", "Lakeside General Hospital", "Riverside Children's Hospital"};
        for (int h = 0; h < campuses.length; h++) {
            String campus = "L-H" + h;
            String hinFacility = "H" + (char) ('A' + h) + "7" + (1000 + h * 37);
            erp.add(location(campus, campuses[h], LocationType.HOSPITAL_CAMPUS, network, hinFacility + "00",
                    "CC-" + (2000 + h * 100)));
            String[] facilities = {"Main Hospital", "Outpatient Surgery Center"};
            for (int f = 0; f < facilities.length; f++) {
                String facility = campus + "-F" + f;
                erp.add(location(facility, campuses[h] + " " + facilities[f], LocationType.FACILITY, campus,
                        hinFacility + "0" + (f + 1), "CC-" + (2000 + h * 100 + f * 10)));
                String[] departments = f == 0
                        ? new String[] {"Operating Rooms", "Emergency", "ICU", "Cardiac Cath Lab", "Laboratory",
                                "Pharmacy", "Medical-Surgical Unit"}
                        : new String[] {"Ambulatory Surgery", "Pre-Op and Recovery", "Imaging"};
                for (int d = 0; d < departments.length; d++) {
                    String department = facility + "-D" + d;
                    erp.add(location(department, departments[d], LocationType.DEPARTMENT, facility, null,
                            "CC-" + (3000 + h * 100 + f * 20 + d)));
                    String storeroom = department + "-S";
                    LocationAttributes store = (LocationAttributes) location(storeroom, departments[d] + " storeroom",
                            LocationType.STOREROOM, department, null, null).attributes();
                    erp.add(new Submission(SourceSystem.ERP, storeroom, store));
                    inventory.add(new Submission(SourceSystem.INVENTORY, "INV-" + storeroom,
                            new LocationAttributes(null, null, null, store.gln(), null, null, null,
                                    departments[d].equals("Pharmacy") ? StorageCondition.CONTROLLED_SUBSTANCES
                                            : d % 4 == 3 ? StorageCondition.REFRIGERATED : StorageCondition.AMBIENT,
                                    ReplenishmentMethod.PERPETUAL)));
                    for (int p = 0; p < 2; p++) {
                        String par = department + "-P" + p;
                        LocationAttributes parLocation = (LocationAttributes) location(par,
                                departments[d] + " par " + (p + 1), LocationType.PAR_LOCATION, department, null, null)
                                .attributes();
                        erp.add(new Submission(SourceSystem.ERP, par, parLocation));
                        inventory.add(new Submission(SourceSystem.INVENTORY, "INV-" + par,
                                new LocationAttributes(null, null, null, parLocation.gln(), null, null, null,
                                        StorageCondition.AMBIENT,
                                        p == 0 ? ReplenishmentMethod.PAR_LEVEL : ReplenishmentMethod.TWO_BIN_KANBAN)));
                    }
                }
            }
        }
    }

    private Submission location(String id, String name, LocationType type, String parent, String hin,
                                String costCentre) {
        String gln = gs1("0860000" + String.format("%05d", ++glnCounter));
        Address address = type == LocationType.NETWORK || type == LocationType.HOSPITAL_CAMPUS
                ? new Address((100 + glnCounter) + " Harbor Way", null, "Boston", "MA", "02110", "US") : null;
        return new Submission(SourceSystem.ERP, id, new LocationAttributes(name, type,
                parent == null ? null : Ref.bySource(parent), gln, hin, address, costCentre, null, null));
    }

    // ------------------------------------------------------------------------------------------- suppliers

    private List<SupplierAttributes> buildSuppliers() {
        List<SupplierAttributes> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < suppliers; i++) {
            // every 50th a near-duplicate of an earlier supplier, as separate ERP vendors often are: a steward's candidate
            boolean nearDuplicate = i > 0 && i % 50 == 0;
            String name;
            if (nearDuplicate) {
                String earlier = result.get(i - 7).legalName();
                name = earlier.replace(" Inc.", ", Incorporated").replace(" LLC", " L.L.C.").toUpperCase();
            } else {
                do {
                    name = name(random.nextInt(NAME_A.length), random.nextInt(NAME_B.length),
                            random.nextInt(3) == 0 ? random.nextInt(NAME_B.length) : -1, "",
                            random.nextInt(SUFFIX.length));
                } while (!names.add(name));
            }
            Address address = nearDuplicate ? result.get(i - 7).orderingAddress() : commerceDrive(i, null);
            // tax ids and DUNS spread out (the Sequence's count up by one); no bank account: a new supplier's account
            // is held for verification (two stewards), so the ERP's vendor master loads without them and a few
            // follow in the last step, for the stewards' inbox
            result.add(new SupplierAttributes(name, null, taxId(i, i * 13L), duns(i * 7919L), gln(i), address,
                    address, null, null, ScreeningStatus.CLEAR));
        }
        return result;
    }

    private List<Contact> contacts(String legalName) {
        String domain = legalName.toLowerCase().replaceAll("[^a-z]", "").substring(0, 8) + ".example";
        return List.of(new Contact("Customer Service", "customer service", "orders@" + domain, "+1 800 555 0100"),
                new Contact("Recall Desk", "recalls", "recalls@" + domain, "+1 800 555 0199"));
    }

    // ------------------------------------------------------------------------------------------- the benchmark's

    /**
     * The benchmark's records: ERP suppliers and items by number, in any number and unique up to millions (names, tax
     * ids, DUNS, GLNs, GTINs, bank accounts), every supplier with bank account and remit-to address, every second
     * with a trading name. Deterministic: submission n of a sequence is always the same record, so a data directory
     * is filled by one sequence whose counter runs on.
     *
     * <p>The mix is one ERP supplier to four ERP items; items name one of the {@link #MANUFACTURERS} manufacturer
     * suppliers (created first, {@link #manufacturers()}) by the ERP's own id, as the demo's do.
     */
    public static final class Sequence {

        /** The manufacturers every item refers to (created before any timed load). */
        public static final int MANUFACTURERS = 200;

        private long next;
        private long suppliers = MANUFACTURERS;
        private long items;

        /** The manufacturer suppliers that items refer to; send them (and wait) before the items. */
        public List<Submission> manufacturers() {
            return LongStream.range(0, MANUFACTURERS).mapToObj(Sequence::supplier).toList();
        }

        /** The next submission of the mix: every fifth a new supplier, the others new items. */
        public Submission next() {
            return next++ % 5 == 0 ? supplier(suppliers++) : nextItem();
        }

        /** The next n submissions of the mix. */
        public List<Submission> next(int n) {
            return IntStream.range(0, n).mapToObj(k -> next()).toList();
        }

        /** The next n new suppliers, without items (figure 2's single submitSupplier load). */
        public List<Submission> nextSuppliers(int n) {
            return IntStream.range(0, n).mapToObj(k -> supplier(suppliers++)).toList();
        }

        /** The next new item (for the item file import). */
        public Submission nextItem() {
            return item(items++);
        }

        /** Supplier number i (the first {@link #MANUFACTURERS} are the manufacturers). */
        public static Submission supplier(long i) {
            String name = name((int) (i % NAME_A.length), (int) (i / NAME_A.length % NAME_B.length),
                    i % 3 == 0 ? (int) (i / 7 % NAME_B.length) : -1, "No. " + i + " ", (int) (i % SUFFIX.length));
            Address address = commerceDrive(i, i % 4 == 0 ? "Suite " + (100 + i % 800) : null);
            Address remitTo = i % 3 == 0 ? new Address("PO Box " + (1000 + i % 90000), null, address.city(),
                    address.region(), address.postalCode().substring(0, 3) + "99", "US") : address;
            BankAccount bank = new BankAccount(name, "First National Bank", "021000021",
                    String.format("%010d", 4_000_000_000L + i), null, "USD");
            return new Submission(SourceSystem.ERP, vendorId(i), new SupplierAttributes(name,
                    i % 2 == 0 ? List.of(name.replace(" Inc.", "").replace(" LLC", "")) : null,
                    taxId(i, i / EIN_PREFIXES.length), duns(i), gln(i), address, remitTo, bank, null,
                    ScreeningStatus.CLEAR));
        }

        /** Item number i, of manufacturer i % {@link #MANUFACTURERS}. */
        public static Submission item(long i) {
            return DemoNetwork.item(i, MANUFACTURERS);
        }

        /** A SOURCING contract with the supplier and items given by golden id, one each-price line per item. */
        public static Submission contract(int c, String supplierId, List<String> itemIds) {
            List<ContractLine> lines = new ArrayList<>();
            for (int k = 0; k < itemIds.size(); k++) {
                lines.add(new ContractLine(Ref.to(itemIds.get(k)), "EA",
                        BigDecimal.valueOf(50 + (c * 31L + k * 17L) % 50_000, 2), "USD", null, null, null));
            }
            return DemoNetwork.contract(c, Ref.to(supplierId), lines);
        }
    }

    // ------------------------------------------------------------------------------------------- records of both

    /** The ERP's id of supplier number i. */
    private static String vendorId(long i) {
        return "V" + (100_000 + i);
    }

    /** "Acme Medical [Surgical ][No. 7 ]Inc.": names of the tables by index ({@code secondB} -1 for none). */
    private static String name(int a, int b, int secondB, String number, int suffix) {
        return NAME_A[a] + " " + NAME_B[b] + " " + (secondB < 0 ? "" : NAME_B[secondB] + " ") + number
                + SUFFIX[suffix];
    }

    /** Supplier i's ordering address: on Commerce Drive in one of ten cities. */
    private static Address commerceDrive(long i, String line2) {
        String[] city = CITIES[(int) (i % CITIES.length)].split(",");
        return new Address((10 + i % 9000) + " Commerce Drive", line2, city[0], city[1],
                city[2] + String.format("%02d", i % 100), "US");
    }

    /** Supplier i's EIN: a valid IRS prefix and a serial number. */
    private static String taxId(long i, long serial) {
        return EIN_PREFIXES[(int) (i % EIN_PREFIXES.length)] + "-" + String.format("%07d", 1_000_000 + serial);
    }

    private static String duns(long serial) {
        return String.format("%09d", 100_000_000L + serial);
    }

    /** Supplier i's GLN (GS1 prefix 087). */
    private static String gln(long i) {
        return gs1(String.format("087%09d", i));
    }

    /** Item number i of manufacturer i % manufacturers, with its packaging hierarchy (each, box, case). */
    public static Submission item(long i, int manufacturers) {
        int manufacturer = (int) (i % manufacturers);
        long n = i / manufacturers;
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
                Ref.bySource(vendorId(manufacturer)), "MPN-" + (manufacturer + 10) + "-" + (10_000 + n),
                implant || n % 4 == 0 ? eachGtin : null, implant || n % 4 == 0 ? UdiAgency.GS1 : null, null,
                product[1], itemClass, packaging,
                regulated ? product[0].contains("sterile") || implant || n % 2 == 0 : null,
                regulated ? product[0].contains("latex") : null,
                implant, implant ? (n % 2 == 0 ? MriSafety.MR_CONDITIONAL : MriSafety.MR_SAFE) : null));
    }

    /** SOURCING's contract number c: GPO (tiers 1 to 3) but every third local, for two years from a month of 2026. */
    public static Submission contract(int c, Ref supplier, List<ContractLine> lines) {
        boolean gpo = c % 3 != 0;
        LocalDate from = LocalDate.of(2026, 1 + c % 6, 1);
        return new Submission(SourceSystem.SOURCING, "CT-" + (5000 + c), new ContractAttributes(
                (gpo ? "GPO-" : "LOC-") + (2_026_000 + c), supplier, gpo ? ContractType.GPO : ContractType.LOCAL,
                gpo ? "TIER-" + (1 + c % 3) : "LOCAL", from, from.plusYears(2).minusDays(1), lines));
    }

    /** Data digits and their GS1 check digit (12 digits: a GLN; 13 digits: a GTIN-14). */
    static String gs1(String data) {
        return data + Gs1CheckDigit.compute(data);
    }
}
