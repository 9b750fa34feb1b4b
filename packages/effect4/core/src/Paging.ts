/**
 * Paged lists read to their end as a `Stream`. A module of its own: the
 * client's module does not load `effect/Stream` (and its `Channel`, `Queue`,
 * `PubSub` and `Sink`), which no other call needs.
 *
 * @since 0.41.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as CommunicationIdentityClient from "./CommunicationIdentityClient.js"
import type { IdentityError } from "./IdentityError.js"

/**
 * Every Entra assignment, page after page (`listEntraAssignmentsPage`), read
 * as the stream is pulled: each page's `nextLink` is followed only on the
 * endpoint's origin and path, for at most 1,000 pages; a page whose `nextLink`
 * may not be followed fails the stream with a `DecodeError`.
 *
 * @since 0.41.0
 * @category paging
 */
export const listEntraAssignmentsAll = (
  client: CommunicationIdentityClient.CommunicationIdentityClient.Service
): Stream.Stream<CommunicationIdentityClient.EntraAssignment, IdentityError> =>
  Stream.paginate(
    undefined as CommunicationIdentityClient.PageCursor | undefined,
    (cursor) =>
      Effect.map(
        client.listEntraAssignmentsPage(cursor),
        (page) => [page.value, Option.fromUndefinedOr(page.next)] as const
      )
  )
