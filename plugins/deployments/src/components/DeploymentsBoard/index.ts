export { DeploymentsBoardPage, BoardView } from './DeploymentsBoardPage';
