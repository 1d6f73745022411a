package dev.helpline.spring;

import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.servlet.HelplineFilter;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.reflect.Field;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the auto-configuration registers, and when it stays out of the way. */
class HelplineAutoConfigurationTest {
    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HelplineAutoConfiguration.class))
            .withPropertyValues("helpline.phone=800-601-3889", "helpline.operator.name=American Addiction Centers",
                    "helpline.callback.enabled=false");

    @SuppressWarnings("unchecked")
    private static EnumSet<DispatcherType> dispatcherTypes(FilterRegistrationBean<?> r) throws Exception {
        // Boot 3.5 has no public getter for the dispatcher types: read the field the registration keeps them in.
        Field f = org.springframework.boot.web.servlet.AbstractFilterRegistrationBean.class.getDeclaredField("dispatcherTypes");
        f.setAccessible(true);
        return (EnumSet<DispatcherType>) f.get(r);
    }

    @Test
    void servletApp_registersTheFilterOnEverythingForRequestForwardAndAsync() {
        web.run(ctx -> {
            FilterRegistrationBean<?> r = ctx.getBean("helplineFilterRegistration", FilterRegistrationBean.class);
            assertThat(r.getFilter()).isInstanceOf(HelplineFilter.class);
            assertThat(r.getUrlPatterns()).containsExactly("/*");
            assertEquals(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC), dispatcherTypes(r));
            assertTrue(r.isAsyncSupported());
            assertEquals(HelplineAutoConfiguration.FILTER_ORDER, r.getOrder());
            assertTrue(r.getOrder() < -100, "ahead of Spring Security's filter chain (-100)");
            assertEquals("(800) 601-3889", ctx.getBean(HelplineConfig.class).phone().display());
        });
    }

    @Test
    void nonWebApp_registersNothing() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HelplineAutoConfiguration.class))
                .withPropertyValues("helpline.phone=800-601-3889", "helpline.operator.name=X")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(FilterRegistrationBean.class).doesNotHaveBean(HelplineConfig.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilter {
        @Bean
        HelplineFilter myHelplineFilter() {
            return new HelplineFilter();
        }
    }

    /** The README's recipe for registering the filter yourself. */
    @Configuration(proxyBeanMethods = false)
    static class OwnRegistration {
        @Bean
        FilterRegistrationBean<HelplineFilter> myRegistration(HelplineConfig config) {
            FilterRegistrationBean<HelplineFilter> r = new FilterRegistrationBean<>(new HelplineFilter(config));
            r.addUrlPatterns("/*");
            r.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC);
            r.setAsyncSupported(true);
            return r;
        }
    }

    @Test
    void ownHelplineFilterBean_autoConfigurationBacksOff() {
        // no helpline.* at all: the application's own filter loads its configuration itself
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(HelplineAutoConfiguration.class))
                .withUserConfiguration(OwnFilter.class)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean("helplineFilterRegistration");
                    assertThat(ctx).hasSingleBean(HelplineFilter.class);
                });
    }

    @Test
    void ownFilterRegistration_autoConfigurationBacksOff_configFromTheEnvironmentStillInjected() {
        web.withUserConfiguration(OwnRegistration.class).run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean("helplineFilterRegistration");
            assertThat(ctx.getBean("myRegistration", FilterRegistrationBean.class).getFilter()).isInstanceOf(HelplineFilter.class);
            assertEquals("(800) 601-3889", ctx.getBean(HelplineConfig.class).phone().display());
        });
    }

    @Test
    void badConfiguration_startFails_analyzerListsEachProblemOnceThenTheAction() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(HelplineAutoConfiguration.class))
                .withPropertyValues("helpline.phnoe=800-601-3889", "helpline.operator.name=X", "helpline.cta.after-paragraph=-2")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis a = new HelplineConfigFailureAnalyzer().analyze(ctx.getStartupFailure());
                    assertThat(a).isNotNull();
                    String d = a.getDescription();
                    assertThat(d).startsWith("The helpline configuration has 3 problems:")
                            .contains("helpline.phnoe = '800-601-3889': unknown key; did you mean helpline.phone?")
                            .contains("helpline.phone (missing)")
                            .contains("helpline.cta.after-paragraph = '-2'");
                    assertEquals(1, d.split("helpline.phnoe", -1).length - 1, d);
                    assertThat(a.getAction()).contains("application.properties");
                    assertThat(a.getCause()).isInstanceOf(HelplineConfigurationException.class);
                    assertThat(a.getCause().getMessage()).doesNotContain("helpline.phnoe"); // listed once, in the report
                });
    }

    @Test
    void failureAnalyzer_registeredForBoot() throws Exception {
        var factories = org.springframework.core.io.support.SpringFactoriesLoader
                .loadFactoryNames(org.springframework.boot.diagnostics.FailureAnalyzer.class, getClass().getClassLoader());
        assertThat(factories).contains(HelplineConfigFailureAnalyzer.class.getName());
    }
}
