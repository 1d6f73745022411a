package dev.helpline.example.boot;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.concurrent.Callable;

/** The site's own pages; nothing here knows about the helpline. */
@Controller
public class SiteController {

    /** The article, rendered by Thymeleaf from {@code templates/article.html}. */
    @GetMapping("/")
    public String article(Model model) {
        model.addAttribute("title", "Finding support after detox");
        return "article";
    }

    /** An old address kept alive by a server-side forward (a FORWARD dispatch) to the static page. */
    @GetMapping("/about")
    public String about() {
        return "forward:/about.html";
    }

    /**
     * A page written on another thread: Spring MVC runs the {@link Callable} asynchronously
     * and dispatches back (an ASYNC dispatch) to write it.
     */
    @GetMapping(value = "/async", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public Callable<String> later() {
        return () -> "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Written later</title></head>"
                + "<body><main><h1>Written later</h1><p>This page was written by a background task."
                + " Call 800-601-3889 any time.</p></main></body></html>";
    }
}
