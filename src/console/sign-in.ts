import { Client, type Session } from "./api";
import { field, h, section } from "./dom";
import type { Status } from "./status";
import { canSign, makeUserSig, readUserSig } from "./usersig";

/** A UserSig made here is valid for a day; then the page signs out and asks for the key again. */
const SIGNED_FOR_SECONDS = 86400;

/**
 * The sign-in form: the app, the admin identifier, and the secret key or a
 * UserSig. The key is read once, to sign, and the field is emptied: it is
 * never stored, sent or kept.
 */
export function signInForm(status: Status, signedIn: (client: Client) => void): HTMLElement {
  const appInput = h("input", { name: "sdkappid", inputmode: "numeric", autocomplete: "off", required: true });
  const idInput = h("input", { name: "identifier", value: "administrator", autocomplete: "off", required: true });
  // A masked text field, not type=password: a browser offers to save a password field's value in its password
  // manager once the form goes away after a successful fetch, and the key must reach no storage at all.
  const keyInput = h("input", { class: "secret", autocomplete: "off", autocapitalize: "off", spellcheck: "false" });
  const sigInput = h("textarea", { rows: 3, autocomplete: "off", spellcheck: "false" });
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");

  // A pasted UserSig names its app and identifier: fill them in.
  sigInput.addEventListener("input", async () => {
    const facts = await readUserSig(sigInput.value);
    if (facts === null) return;
    appInput.value = String(facts.sdkappid);
    idInput.value = facts.identifier;
  });

  const form = h(
    "form",
    { class: "sign-in" },
    field("SDKAppID", appInput),
    field("Identifier", idInput, "An admin of the app."),
    field("Secret key", keyInput, "Signs a UserSig in this page, valid for a day; the key is then forgotten."),
    h("p", { class: "or" }, "or"),
    field("UserSig", sigInput, "A UserSig made elsewhere, in place of the key."),
    h("div", { class: "actions" }, submit),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.getAttribute("aria-busy") === "true") return;
    submit.setAttribute("aria-busy", "true");
    try {
      const session = await sessionFrom(appInput.value.trim(), idInput.value.trim(), keyInput, sigInput.value.trim());
      const client = new Client(session);
      // One cheap call proves the credentials before the views open.
      await client.call("get_appid_group_list", { Limit: 1 });
      signedIn(client);
    } catch (error) {
      status.error(error);
    } finally {
      submit.removeAttribute("aria-busy");
    }
  });

  const el = section(
    "Sign in",
    2,
    h("p", {}, "Nothing you enter here is stored: closing or reloading the page signs you out."),
    form,
    h("p", {}, h("a", { href: "#member" }, "Sign in as a member of a group instead")),
  );
  el.classList.add("narrow");
  return el;
}

/**
 * A session from the form's values: a UserSig signed here with the key (then emptied from its
 * field), or the pasted one once it is seen to name this app and identifier. `who` says who the
 * identifier should be, for the error when it is missing.
 */
export async function sessionFrom(
  app: string,
  identifier: string,
  keyInput: HTMLInputElement,
  usersig: string,
  who = "an admin of the app, like administrator",
): Promise<Session> {
  if (!/^\d{1,10}$/.test(app)) throw new Error("SDKAppID must be the app's number, like 1400000000.");
  const sdkappid = Number(app);
  if (identifier === "") throw new Error(`Identifier is required: ${who}.`);
  const key = keyInput.value;
  keyInput.value = "";
  if (key !== "") {
    if (!canSign()) throw new Error("This browser cannot sign here (it needs https or localhost): paste a UserSig.");
    const signed = await makeUserSig(sdkappid, identifier, key, SIGNED_FOR_SECONDS);
    return { sdkappid, identifier, usersig: signed, expiresAt: Math.floor(Date.now() / 1000) + SIGNED_FOR_SECONDS };
  }
  if (usersig === "") throw new Error("Give the app's Secret key, or a UserSig.");
  const facts = await readUserSig(usersig);
  if (facts === null) throw new Error("The UserSig cannot be read: it is not a UserSig v2.");
  if (facts.sdkappid !== sdkappid) throw new Error(`The UserSig was made for SDKAppID ${facts.sdkappid}.`);
  if (facts.identifier !== identifier) throw new Error(`The UserSig was made for identifier ${facts.identifier}.`);
  return { sdkappid, identifier, usersig, expiresAt: facts.expiresAt } satisfies Session;
}
