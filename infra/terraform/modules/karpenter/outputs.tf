output "controller_role_arn" {
  description = "IAM role of the Karpenter controller (bound through Pod Identity)"
  value       = try(aws_iam_role.controller[0].arn, null)
}

output "node_role_name" {
  description = "IAM role of Karpenter nodes, for EC2NodeClass spec.role"
  value       = try(aws_iam_role.node[0].name, null)
}

output "interruption_queue_name" {
  description = "SQS queue Karpenter reads interruption events from (settings.interruptionQueue)"
  value       = try(aws_sqs_queue.interruption[0].name, null)
}
