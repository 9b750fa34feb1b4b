/**
 * vitest's `expect` for a page: chai with vitest's Jest-style matchers
 * (`toBe`, `toEqual`, `rejects`, `toHaveBeenCalledOnce`…) and asymmetric
 * matchers, put together from the packages vitest builds its own from
 * (`chai`, `@vitest/expect`), as vitest does in its workers. Used by the pages
 * that run cases shared with the Node tests, so that the same assertions hold
 * in Chromium.
 */
import * as chai from "chai"
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  customMatchers,
  getState,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState
} from "@vitest/expect"
import type { ExpectStatic } from "vitest"

chai.use(JestExtend)
chai.use(JestChaiExpect)
chai.use(JestAsymmetricMatchers)

const create = (): ExpectStatic => {
  const expect = ((value: unknown, message?: string) => {
    const { assertionCalls } = getState(expect)
    setState({ assertionCalls: assertionCalls + 1 }, expect)
    return chai.expect(value, message)
  }) as unknown as ExpectStatic
  Object.assign(expect, chai.expect)
  Object.assign(expect, (globalThis as Record<symbol, unknown>)[ASYMMETRIC_MATCHERS_OBJECT])
  expect.getState = () => getState(expect)
  expect.setState = (state) => setState(state, expect)
  setState({
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null
  }, expect)
  // JestExtend adds `extend(expect, matchers)` to chai's `expect`
  const chaiExpect = chai.expect as unknown as { extend: (expect: ExpectStatic, matchers: object) => void }
  const extend = (matchers: object) => chaiExpect.extend(expect, matchers)
  Object.assign(expect, { extend })
  extend(customMatchers)
  return expect
}

export const expect: ExpectStatic = create()

export const assert: Chai.AssertStatic = chai.assert
