package dev.sessionkeys.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal browser over {@link HttpClient} for the plain HTTP tests: it keeps the demo's one
 * cookie for the host (not the port, as browsers do), applies Set-Cookie (Max-Age=0 deletes) and
 * does not follow redirects.
 */
final class Visitor {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The response as the test needs it. */
  record Page(int status, String body, List<String> setCookies, Map<String, List<String>> headers) {

    /**
     * The text of the element with the given id (for the simple one-line elements the pages use).
     */
    String text(String id) {
      Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(body);
      return m.find() ? m.group(1) : null;
    }

    boolean isSignInPage() {
      return body.contains("<form id=\"sign-in\"");
    }

    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private String cookie;

  String cookie() {
    return cookie;
  }

  void cookie(String value) {
    this.cookie = value;
  }

  Page get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  Page signIn(URI home, String name) throws IOException, InterruptedException {
    return post(
        home.resolve("/signin"), "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null);
  }

  Page post(URI uri, String form, String origin) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return send(b);
  }

  Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
    request.timeout(Duration.ofSeconds(10));
    if (cookie != null) {
      request.header("Cookie", DemoApp.COOKIE_NAME + "=" + cookie);
    }
    HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    List<String> setCookies = r.headers().allValues("set-cookie");
    for (String sc : setCookies) {
      String first = sc.split(";", 2)[0];
      if (!first.startsWith(DemoApp.COOKIE_NAME + "=")) {
        continue;
      }
      cookie = sc.contains("Max-Age=0") ? null : first.substring(DemoApp.COOKIE_NAME.length() + 1);
    }
    return new Page(r.statusCode(), r.body(), setCookies, r.headers().map());
  }
}
