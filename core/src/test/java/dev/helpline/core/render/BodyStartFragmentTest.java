package dev.helpline.core.render;

import dev.helpline.core.html.Fragment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.helpline.core.render.Fragments.widget;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The body start handed to the rewriter in parts reads exactly as the assembled one, for
 * every shape a response can have: nonce or not, token or not, line open or closed, a form
 * outcome or none, with and without the consent checkbox, and hostile values.
 */
class BodyStartFragmentTest {
    private static final String HOSTILE = "\"><script>alert(1)</script>&amp;\u00e9";

    @Test
    void bodyStartFragment_everyShape_readsAsBodyStart() {
        List<String> nonces = new ArrayList<>();
        nonces.add(null);
        nonces.add("");
        nonces.add("r4nd0m+/=");
        nonces.add(HOSTILE);
        List<String> tokens = new ArrayList<>();
        tokens.add(null);
        tokens.add("2.AAAAAAAAAAA.BBBBBBBBBB");
        tokens.add(HOSTILE);
        List<FormState> states = List.of(FormState.NONE, FormState.SUCCESS,
                FormState.error(Map.of("phone", "Check <the> number.", "consent", "Tick it.", "token", "Expired.")));
        int checked = 0;
        for (Widget widget : new Widget[] {widget(), widget("helpline.form.consent-required", "false")}) {
            for (String nonce : nonces) {
                for (String token : tokens) {
                    for (FormState state : states) {
                        for (boolean open : new boolean[] {true, false}) {
                            RenderContext ctx = new RenderContext(nonce, token, state, open);
                            assertEquals(widget.bodyStart(ctx), widget.bodyStartFragment(ctx).toString(), ctx::toString);
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(2 * 4 * 3 * 3 * 2, checked);
    }

    /** The rendered parts are kept: a second response gets the same markup, only its values differ. */
    @Test
    void bodyStartFragment_secondResponse_sameTemplateNewValues() {
        Widget widget = widget();
        Fragment a = widget.bodyStartFragment(new RenderContext("n1", "2.a.b", FormState.NONE));
        Fragment b = widget.bodyStartFragment(new RenderContext("n2", "2.c.d", FormState.NONE));
        String first = a.toString();
        String second = b.toString();
        assertEquals(first.replace("n1", "n2").replace("2.a.b", "2.c.d"), second);
        assertEquals(widget.bodyStart(), widget.bodyStartFragment(RenderContext.NONE).toString());
    }
}
