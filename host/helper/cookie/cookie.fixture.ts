// The app host/helper/cookie/cookie.test.ts runs on every host.
import type { App } from "../../app/app.js";
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from "./index.js";

export const SECRET = "fixture secret";

export default (app: App) => app
  .get("/cookies", (c) => c.json(getCookie(c)))
  .get("/cookie/:name", (c) => c.json({ value: getCookie(c, c.req.param("name")) ?? null }))
  .get("/set", (c) => {
    setCookie(c, "theme", "dark mode; ✓", { maxAge: 3600, httpOnly: true, sameSite: "Lax" });
    setCookie(c, "id", "7", { prefix: "host" });
    return c.text("set");
  })
  .get("/sign", async (c) => {
    await setSignedCookie(c, "session", "user 42", SECRET, { prefix: "secure", httpOnly: true });
    return c.text("signed");
  })
  .get("/signed", async (c) => c.json({ session: (await getSignedCookie(c, SECRET, "session", "secure")) ?? null }))
  .get("/delete", (c) => c.json({ was: deleteCookie(c, "theme", { path: "/" }) ?? null }))
  .get("/bad", (c) => {
    setCookie(c, "a;b", "x");
    return c.text("unreachable");
  })
  .onError((error, c) => c.text(error.message, 500));
