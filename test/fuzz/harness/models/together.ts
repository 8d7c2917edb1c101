/**
 * The model of sends that arrive together: they share the group commit's
 * batches, which store their scope's MsgSeq once (design.md, "Group commit").
 */

import { abortAllDurableObjects } from "cloudflare:test";
import fc from "fast-check";
import { type Answer, rawCall } from "../../../helpers";
import { send } from "../bodies";
import { OK } from "../codes";
import { expectCode, PropertyFailure, readAnswer, runProperty, show } from "../harness";
import type { Property } from "../property";
import type { World } from "../world";

const TOPICS = { service: "million_group_open_http_svc" };

/** A Community with one topic that only this model sends to, made on its first case. */
interface Scopes {
  GroupId: string;
  TopicId: string;
}
let scopes: Scopes | null = null;

async function scopesOf(world: World): Promise<Scopes> {
  if (scopes !== null) return scopes;
  const created = await send("create_group", { Type: "Community", Name: "together", SupportTopic: 1 }, world);
  expectCode(created, [OK], "create_group of the model's Community");
  const GroupId = created.GroupId as string;
  const topic = await send("create_topic", { GroupId, TopicName: "together" }, world, TOPICS);
  expectCode(topic, [OK], "create_topic of the model's topic");
  scopes = { GroupId, TopicId: topic.TopicId as string };
  return scopes;
}

/** The scope's next MsgSeq, as get_group_info or get_topic answers it. */
async function nextSeq(world: World, s: Scopes, inTopic: boolean): Promise<number> {
  if (inTopic) {
    const topics = await send("get_topic", { GroupId: s.GroupId, TopicIdList: [s.TopicId] }, world, TOPICS);
    const list = topics.TopicAndSelfInfo as { TopicInfo?: { NextMsgSeq?: number } }[] | undefined;
    const entry = list?.[0]?.TopicInfo;
    if (entry?.NextMsgSeq === undefined) throw new PropertyFailure(`get_topic: ${show(topics)}`);
    return entry.NextMsgSeq;
  }
  const info = await send("get_group_info", { GroupIdList: [s.GroupId] }, world);
  const entry = (info.GroupInfo as { NextMsgSeq?: number }[] | undefined)?.[0];
  if (entry?.NextMsgSeq === undefined) throw new PropertyFailure(`get_group_info: ${show(info)}`);
  return entry.NextMsgSeq;
}

/**
 * Bursts of sends made at once (as the app admin, whom no mute stops), to the group or its topic,
 * some followed by a restart of every object: each burst takes exactly the next MsgSeqs, one each,
 * whatever order they arrive in; NextMsgSeq follows, also after the restart; and the history holds
 * every message of the burst.
 */
export const togetherModelProperty: Property = {
  name: "model: sends that arrive together take the next MsgSeqs, one each, also across a restart",
  weight: 0.1,
  run: ({ world }, numRuns) => {
    let serial = 0;
    const arb = fc.array(
      fc.record({ size: fc.integer({ min: 1, max: 12 }), inTopic: fc.boolean(), restart: fc.boolean() }),
      {
        minLength: 1,
        maxLength: 4,
      },
    );
    return runProperty(arb, numRuns, async (bursts) => {
      const s = await scopesOf(world);
      for (const { size, inTopic, restart } of bursts) {
        const scope = inTopic ? { GroupId: s.GroupId, TopicId: s.TopicId } : { GroupId: s.GroupId };
        const first = await nextSeq(world, s, inTopic);
        const randoms = Array.from({ length: size }, () => 7_000_000 + ++serial);
        const bodies = randoms.map((Random) => ({
          ...scope,
          Random,
          MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: `${Random}` } }],
        }));
        // At once, without moving the clock: the calls meet in the group's batches as they may.
        const answers: Answer[] = await Promise.all(
          bodies.map(async (body) => readAnswer(await rawCall("send_group_msg", body), `send_group_msg ${show(body)}`)),
        );
        const what = `a burst of ${size} sends ${inTopic ? "to a topic" : "to the group"} from MsgSeq ${first}`;
        for (const answer of answers) expectCode(answer, [OK], what);
        const seqs = answers.map((a) => a.MsgSeq as number).sort((a, b) => a - b);
        const want = Array.from({ length: size }, (_, i) => first + i);
        if (show(seqs) !== show(want)) throw new PropertyFailure(`${what}: MsgSeqs ${show(seqs)}, want ${show(want)}`);
        if (restart) await abortAllDurableObjects();
        const next = await nextSeq(world, s, inTopic);
        if (next !== first + size)
          throw new PropertyFailure(
            `${what}${restart ? ", then a restart" : ""}: NextMsgSeq ${next}, want ${first + size}`,
          );
        const page = await send("group_msg_get_simple", { ...scope, ReqMsgNumber: size }, world);
        const kept = ((page.RspMsgList as { MsgRandom?: number }[] | undefined) ?? []).map((m) => m.MsgRandom);
        if (show([...kept].sort()) !== show([...randoms].sort()))
          throw new PropertyFailure(`${what}: the history's newest ${size} are ${show(kept)}, want ${show(randoms)}`);
      }
    });
  },
};
