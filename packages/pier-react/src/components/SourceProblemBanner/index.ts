export {
  SourceProblemBanner,
  sourceProblemTitle,
  type SourceProblem,
  type SourceProblemBannerProps,
} from './SourceProblemBanner';
