package io.mdg.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
import io.mdg.api.model.Ref;
import io.mdg.api.model.ReplenishmentMethod;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.StorageCondition;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;
import io.mdg.rules.identifier.Gs1CheckDigit;

/**
 * A realistic, deterministic hospital network's master data as its source systems would send it: the ERP's location
 * hierarchy (one network, three hospital campuses with facilities, departments, storerooms and par locations), its
 * supplier and item masters (valid tax ids, DUNS, GTINs per packaging level, UDI-DIs, UNSPSC commodities), the
 * supplier portal's contacts, the inventory platform's storeroom details (matched by GLN), and the sourcing suite's
 * contracts with tiers and prices (its own supplier and item records matched by tax id and GTIN).
 */
public final class DemoNetwork {

    /** One record as a source system sends it. */
    public record Submission(SourceSystem system, String sourceId, MasterAttributes attributes) {
    }

    /** The submissions in load order: each step only refers to records of earlier steps. */
    public record Step(String name, SourceSystem system, List<Submission> submissions) {
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
            erpSuppliers.add(new Submission(SourceSystem.ERP, "V" + (100000 + i), s));
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
            int m = i % manufacturers;
            ItemAttributes item = buildItem(m, i / manufacturers);
            byManufacturer.get(m).add(item);
            erpItems.add(new Submission(SourceSystem.ERP, "I" + (1000000 + i), item));
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
            boolean gpo = c % 3 != 0;
            String tier = gpo ? "TIER-" + (1 + c % 3) : "LOCAL";
            LocalDate from = LocalDate.of(2026, 1 + c % 6, 1);
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
            contracts.add(new Submission(SourceSystem.SOURCING, "CT-" + (5000 + c), new ContractAttributes(
                    (gpo ? "GPO-" : "LOC-") + (2026000 + c), Ref.bySource(supplierSourceId),
                    gpo ? ContractType.GPO : ContractType.LOCAL, tier, from, from.plusYears(2).minusDays(1), lines)));
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
            pending.add(new Submission(SourceSystem.ERP, "V" + (100000 + i),
                    new SupplierAttributes(null, null, null, null, null, null, null, account, null, null)));
        }
        if (supplierRecords.size() > 3) {
            SupplierAttributes s = supplierRecords.get(3);
            pending.add(new Submission(SourceSystem.ERP, "V" + 100003,
                    SupplierAttributes.named(s.legalName() + " Holdings")));
        }
        steps.add(new Step("ERP high-risk changes (held for steward approval)", SourceSystem.ERP, pending));
        return steps;
    }

    private static List<Submission> dedupe(List<Submission> submissions) {
        java.util.LinkedHashMap<String, Submission> unique = new java.util.LinkedHashMap<>();
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
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < suppliers; i++) {
            String name;
            if (i > 0 && i % 50 == 0) {
                // a near-duplicate of an earlier supplier, as separate ERP vendors often are: a steward's candidate
                String earlier = result.get(i - 7).legalName();
                name = earlier.replace(" Inc.", ", Incorporated").replace(" LLC", " L.L.C.").toUpperCase();
            } else {
                do {
                    name = NAME_A[random.nextInt(NAME_A.length)] + " " + NAME_B[random.nextInt(NAME_B.length)] + " "
                            + (random.nextInt(3) == 0 ? NAME_B[random.nextInt(NAME_B.length)] + " " : "")
                            + SUFFIX[random.nextInt(SUFFIX.length)];
                } while (!names.add(name));
            }
            String[] city = CITIES[i % CITIES.length].split(",");
            String postal = city[2] + String.format("%02d", i % 100);
            Address address = i > 0 && i % 50 == 0 ? result.get(i - 7).orderingAddress()
                    : new Address((10 + i) + " Commerce Drive", null, city[0], city[1], postal, "US");
            String taxId = EIN_PREFIXES[i % EIN_PREFIXES.length] + "-" + String.format("%07d", 1000000 + i * 13);
            String duns = String.format("%09d", 100000000 + i * 7919);
            // no bank account: a new supplier's account is held for verification (two stewards), so the ERP's
            // vendor master loads without them and a few follow in the last step, for the stewards' inbox
            result.add(new SupplierAttributes(name, null, taxId, duns, gs1("0870000" + String.format("%05d", i)),
                    address, address, null, null, ScreeningStatus.CLEAR));
        }
        return result;
    }

    private List<Contact> contacts(String legalName) {
        String domain = legalName.toLowerCase().replaceAll("[^a-z]", "").substring(0, 8) + ".example";
        return List.of(new Contact("Customer Service", "customer service", "orders@" + domain, "+1 800 555 0100"),
                new Contact("Recall Desk", "recalls", "recalls@" + domain, "+1 800 555 0199"));
    }

    // ------------------------------------------------------------------------------------------- items

    private ItemAttributes buildItem(int manufacturer, int n) {
        String[] product = PRODUCTS[(manufacturer * 7 + n) % PRODUCTS.length];
        ItemClass itemClass = ItemClass.valueOf(product[2]);
        boolean implant = itemClass == ItemClass.IMPLANT;
        String companyPrefix = "08" + String.format("%05d", 10000 + manufacturer);   // 7 digits
        String itemReference = String.format("%05d", n);                             // 5 digits
        String eachGtin = gs1("0" + companyPrefix + itemReference);
        List<PackagingLevel> packaging = new ArrayList<>();
        packaging.add(new PackagingLevel("EA", null, null, eachGtin));
        if (!implant) {
            int perBox = new int[] {10, 12, 20, 25, 50, 100}[n % 6];
            packaging.add(new PackagingLevel("BX", perBox, "EA", gs1("1" + companyPrefix + itemReference)));
            packaging.add(new PackagingLevel("CS", new int[] {4, 6, 10}[n % 3], "BX",
                    gs1("2" + companyPrefix + itemReference)));
        }
        boolean regulated = itemClass == ItemClass.MED_SURG || implant;
        return new ItemAttributes(product[0] + " " + SIZES[n % SIZES.length],
                Ref.bySource("V" + (100000 + manufacturer)), "MPN-" + (manufacturer + 10) + "-" + (10000 + n),
                implant || n % 4 == 0 ? eachGtin : null, implant || n % 4 == 0 ? UdiAgency.GS1 : null, null,
                product[1], itemClass, packaging,
                regulated ? product[0].contains("sterile") || implant || n % 2 == 0 : null,
                regulated ? product[0].contains("latex") : null,
                implant, implant ? (n % 2 == 0 ? MriSafety.MR_CONDITIONAL : MriSafety.MR_SAFE) : null);
    }

    /** 13 data digits and their GS1 check digit (a GTIN-14 or, with a leading 0 dropped, a GLN). */
    static String gs1(String data) {
        return data + Gs1CheckDigit.compute(data);
    }
}
