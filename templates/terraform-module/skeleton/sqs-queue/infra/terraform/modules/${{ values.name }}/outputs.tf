output "queue_url" {
  description = "URL of the queue."
  value       = try(aws_sqs_queue.this[0].url, null)
}

output "queue_arn" {
  description = "ARN of the queue."
  value       = try(aws_sqs_queue.this[0].arn, null)
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  value       = try(aws_sqs_queue.dead_letter[0].arn, null)
}
