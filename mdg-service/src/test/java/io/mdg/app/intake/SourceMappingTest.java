package io.mdg.app.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.model.ContractType;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.graphql.submission.ContractSubmissionInput;
import io.mdg.graphql.submission.SupplierSubmissionInput;

/** A source's mapping file turns its payloads into canonical submissions, or says per field why it cannot. */
class SourceMappingTest {

    static final Path PROCURELY = Path.of("../deploy/mappings/procurely.yaml");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final SourceMapping mapping = SourceMapping.load(PROCURELY, JSON);

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    static final String CREATED = "{'id':'evt_1','type':'supplier.created','data':{'supplier':{'id':'PRC-SUP-1001',"
            + "'revision':1,'legal_name':'Acme Surgical Supply LLC','dba':['Acme Surgical'],'tax_number':'12-3456789',"
            + "'addresses':{'ordering':{'street':'1 Main St','city':'Springfield','state':'IL','zip':'62701'}},"
            + "'compliance':'cleared'}}}";

    @Test
    void a_supplier_payload_maps_paths_nested_attributes_lists_value_maps_and_defaults() throws Exception {
        SourceMapping.Result result = mapping.map(json(CREATED), "evt_1");

        assertThat(result).isInstanceOf(SourceMapping.Result.Submission.class);
        SourceMapping.Result.Submission submission = (SourceMapping.Result.Submission) result;
        assertThat(submission.eventType()).isEqualTo("supplier.created");
        SupplierSubmissionInput input = (SupplierSubmissionInput) submission.input();
        assertThat(input.sourceId()).isEqualTo("PRC-SUP-1001");
        assertThat(input.sourceVersion()).isEqualTo(1L);
        assertThat(input.idempotencyKey()).isEqualTo("evt_1");
        assertThat(input.legalName()).isEqualTo("Acme Surgical Supply LLC");
        assertThat(input.tradingNames()).containsExactly("Acme Surgical");
        assertThat(input.orderingAddress().city()).isEqualTo("Springfield");
        assertThat(input.orderingAddress().region()).isEqualTo("IL");
        // the payload has no country: the mapping's default
        assertThat(input.orderingAddress().country()).isEqualTo("US");
        assertThat(input.screeningStatus()).isEqualTo(ScreeningStatus.CLEAR);
        // not in the payload: not sent (null), never invented
        assertThat(input.bankAccount()).isNull();
        assertThat(input.duns()).isNull();
        assertThat(mapping.version()).isEqualTo("procurely-2026.12-1");
    }

    @Test
    void a_default_fills_a_part_of_a_structure_the_payload_sends_and_never_makes_up_the_structure() throws Exception {
        String withoutAddress = CREATED.replace("'addresses':{'ordering':{'street':'1 Main St','city':'Springfield',"
                + "'state':'IL','zip':'62701'}},", "");
        assertThat(withoutAddress).doesNotContain("addresses");

        SupplierSubmissionInput input = (SupplierSubmissionInput) ((SourceMapping.Result.Submission) mapping.map(
                json(withoutAddress), "evt_1")).input();

        assertThat(input.orderingAddress()).isNull();
    }

    @Test
    void a_value_the_value_map_does_not_know_is_a_per_field_error_not_a_default() throws Exception {
        SourceMapping.Result result = mapping.map(json(CREATED.replace("'cleared'", "'on_hold'")), "evt_1");

        assertThat(result).isInstanceOf(SourceMapping.Result.Unmapped.class);
        SourceMapping.Result.Unmapped unmapped = (SourceMapping.Result.Unmapped) result;
        assertThat(unmapped.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("screeningStatus");
            assertThat(error.code()).isEqualTo(SourceMapping.UNMAPPED_VALUE);
            assertThat(error.message()).contains("'on_hold'").contains("$.data.supplier.compliance")
                    .contains("cleared");
        });
    }

    @Test
    void a_contract_award_maps_its_price_lines_with_units_and_every_bad_line_is_named() throws Exception {
        String award = "{'type':'contract.awarded','data':{'award':{'id':'PRC-AWD-77','revision':'3',"
                + "'number':'GPO-2027-0042','supplier_id':'PRC-SUP-1001','kind':'gpo','tier':'TIER-2',"
                + "'starts_on':'2027-01-01','ends_on':'2027-12-31','price_lines':["
                + "{'catalog_item_id':'PRC-ITM-5','uom':'box','unit_price':42.50,'currency':'USD'},"
                + "{'catalog_item_id':'PRC-ITM-6','uom':'each','unit_price':'3.10'}]}}}";
        SourceMapping.Result result = mapping.map(json(award), "evt_9");

        ContractSubmissionInput input = (ContractSubmissionInput) ((SourceMapping.Result.Submission) result).input();
        assertThat(input.sourceVersion()).isEqualTo(3L);
        assertThat(input.contractType()).isEqualTo(ContractType.GPO);
        assertThat(input.supplier().sourceId()).isEqualTo("PRC-SUP-1001");
        assertThat(input.effectiveFrom()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(input.lines()).hasSize(2);
        assertThat(input.lines().get(0).item().sourceId()).isEqualTo("PRC-ITM-5");
        assertThat(input.lines().get(0).unit()).isEqualTo("BX");
        assertThat(input.lines().get(0).price()).isEqualByComparingTo(new BigDecimal("42.5"));
        assertThat(input.lines().get(1).unit()).isEqualTo("EA");
        assertThat(input.lines().get(1).currency()).isEqualTo("USD");

        SourceMapping.Result bad = mapping.map(json(award.replace("'uom':'each'", "'uom':'pallet'")
                .replace("'catalog_item_id':'PRC-ITM-5',", "")), "evt_9");
        assertThat(((SourceMapping.Result.Unmapped) bad).errors()).extracting(FieldError::field, FieldError::code)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("lines[0].item.sourceId", SourceMapping.MISSING_VALUE),
                        org.assertj.core.groups.Tuple.tuple("lines[1].unit", SourceMapping.UNMAPPED_VALUE));
    }

    @Test
    void a_wrongly_typed_value_is_an_error_of_its_field() throws Exception {
        String award = "{'type':'contract.awarded','data':{'award':{'id':'A-1','number':'N-1','supplier_id':'S-1',"
                + "'starts_on':'first of January'}}}";
        SourceMapping.Result result = mapping.map(json(award), "evt_2");
        assertThat(((SourceMapping.Result.Unmapped) result).errors()).singleElement()
                .satisfies(error -> assertThat(error.field()).isEqualTo("effectiveFrom"));
    }

    @Test
    void unknown_event_types_are_errors_ignored_ones_are_acknowledged_and_a_missing_id_is_named() throws Exception {
        assertThat(mapping.map(json("{'type':'invoice.paid'}"), "k")).isInstanceOf(SourceMapping.Result.Unmapped.class)
                .satisfies(r -> assertThat(((SourceMapping.Result.Unmapped) r).errors().get(0).code())
                        .isEqualTo(SourceMapping.UNKNOWN_EVENT_TYPE));
        assertThat(mapping.map(json("{'type':'ping'}"), "k")).isEqualTo(new SourceMapping.Result.Ignored("ping"));
        SourceMapping.Result noId = mapping.map(json(CREATED.replace("'id':'PRC-SUP-1001',", "")), "k");
        assertThat(((SourceMapping.Result.Unmapped) noId).errors()).extracting(FieldError::field)
                .containsExactly("sourceId");
    }

    @Test
    void a_mapping_file_with_mistakes_is_refused_naming_the_file_and_every_problem() {
        String yaml = """
                version: 1
                eventType: $.type
                events:
                  supplier.created:
                    submission: SUPPLIER
                    sourceId: $.id
                    fields:
                      legalNme: $.name
                      screeningStatus: { path: $.status, values: { ok: CLEARED } }
                      orderingAddress: $.address
                      taxId: "data.tax"
                  thing.done:
                    submission: WIDGET
                    sourceId: $.id
                """;
        assertThatThrownBy(() -> SourceMapping.parse(yaml, "mappings/broken.yaml", JSON))
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith("mapping file mappings/broken.yaml has 5 problems")
                .hasMessageContaining("events.supplier.created.fields.legalNme: unknown attribute legalNme")
                .hasMessageContaining("values.ok: 'CLEARED' is not one of [NOT_SCREENED, CLEAR, EXCLUDED]")
                .hasMessageContaining("fields.orderingAddress: orderingAddress is a structure")
                .hasMessageContaining("fields.taxId: 'data.tax' is not a JSONPath")
                .hasMessageContaining("events.thing.done.submission: 'WIDGET'");
        assertThatThrownBy(() -> SourceMapping.parse("version: 1\neventType: $.type\nevents: [a", "m.yaml", JSON))
                .hasMessageContaining("mapping file m.yaml: line");
    }
}
