package dev.helpline.examples.war;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The site's home page, written the way many older sites still write theirs: a servlet
 * printing HTML through {@code getWriter()}. Nothing here knows about the helpline.
 */
@WebServlet("")
public class ArticleServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setContentType("text/html;charset=UTF-8");
        PrintWriter out = res.getWriter();
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Recovery Notes</title></head><body>");
        out.println("<header><h1>Recovery Notes</h1><nav><a href=\"guide.html\">Guide</a></nav></header>");
        out.println("<main><article><h2>Talking to a family member about treatment</h2>");
        out.println("<p>Choose a calm moment, and say what you have seen rather than what you fear.</p>");
        out.println("<p>If you want to talk it through first, call 800-601-3889.</p>");
        out.println("<div data-helpline-slot=\"cta\"></div>");
        out.println("</article></main></body></html>");
    }
}
